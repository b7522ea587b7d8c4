import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ConfigurationError, createRLM, type RLMEvent } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { McpToolError, mcpTools, toolIdentifier } from "../src/index.js";
import { httpWeatherServer, stdioWeatherClient } from "./weather-server.js";

const repl = (code: string) => `\`\`\`repl\n${code}\n\`\`\``;

describe("mcpTools over stdio", () => {
  let client: Client;
  beforeAll(async () => {
    client = await stdioWeatherClient();
  });
  afterAll(async () => {
    await client.close();
  });

  it("lists the server's tools under identifier names, with description and JSON Schema", async () => {
    const tools = await mcpTools(client);
    expect(Object.keys(tools)).toEqual([
      "get_weather",
      "cities_list",
      "slow_forecast",
      "cancelled_calls",
    ]);
    expect(tools.get_weather?.description).toBe("Current temperature of a city.");
    expect(tools.get_weather?.inputSchema).toMatchObject({
      type: "object",
      properties: { city: { type: "string" }, unit: { enum: ["C", "F"] } },
      required: ["city"],
    });
  });

  it("calls a tool: structured content when there is some, else the text", async () => {
    const tools = await mcpTools(client);
    const abortSignal = new AbortController().signal;
    expect(
      await tools.get_weather?.execute({ city: "Lisbon", unit: "F" }, { abortSignal }),
    ).toEqual({ city: "Lisbon", temperature: 62.6, unit: "F" });
    expect(await tools.cities_list?.execute({}, { abortSignal })).toBe("Oslo\nLisbon\nTokyo");
  });

  it("turns an error result into McpToolError with the server's text", async () => {
    const tools = await mcpTools(client);
    const call = tools.get_weather?.execute(
      { city: "Paris" },
      { abortSignal: new AbortController().signal },
    );
    await expect(call).rejects.toSatisfy(McpToolError.isInstance);
    await expect(call).rejects.toThrow('MCP tool "get-weather" failed: No weather for Paris.');
  });

  it("cancels a call on the server when the cell that made it ends", async () => {
    const rlm = createRLM({
      model: scriptedModel({ replies: [repl('slow_forecast();\nFINAL("done")')] }),
      sandbox: vmSandbox(),
      tools: await mcpTools(client),
    });
    expect((await rlm.complete({ context: "c", query: "q" })).answer).toBe("done");
    const cancelledCalls = async () =>
      (await client.callTool({ name: "cancelled-calls" })).content as { text: string }[];
    while ((await cancelledCalls())[0]?.text !== "1") {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it("keeps the tools named in include, and puts the prefix in front", async () => {
    const tools = await mcpTools(client, { prefix: "weather.", include: ["cities.list"] });
    expect(Object.keys(tools)).toEqual(["weather_cities_list"]);
    const kept = await mcpTools(client, { include: (tool) => tool.name.startsWith("get") });
    expect(Object.keys(kept)).toEqual(["get_weather"]);
  });

  it("refuses an include naming a tool the server does not have", async () => {
    const listing = mcpTools(client, { include: ["get_weather"] });
    await expect(listing).rejects.toSatisfy(ConfigurationError.isInstance);
    await expect(listing).rejects.toThrow(
      'The MCP server has no tool "get_weather". It has: get-weather, cities.list, slow-forecast, cancelled-calls.',
    );
  });

  it("refuses two tools that would get the same name", async () => {
    const twin = {
      listTools: async () => ({
        tools: [
          { name: "get-weather", inputSchema: { type: "object" as const } },
          { name: "get.weather", inputSchema: { type: "object" as const } },
        ],
      }),
      callTool: client.callTool.bind(client),
    };
    await expect(mcpTools(twin)).rejects.toThrow(
      'The MCP tools "get-weather" and "get.weather" would both be called "get_weather".',
    );
  });
});

describe("toolIdentifier", () => {
  it("makes names callable in JavaScript and Python", () => {
    expect(toolIdentifier("get-weather")).toBe("get_weather");
    expect(toolIdentifier("files/read.v2")).toBe("files_read_v2");
    expect(toolIdentifier("3d-render")).toBe("_3d_render");
    expect(toolIdentifier("import")).toBe("import_");
    expect(toolIdentifier("lambda")).toBe("lambda_");
    // The REPL's own names would be refused by createRLM.
    expect(toolIdentifier("query")).toBe("query_");
    expect(toolIdentifier("print")).toBe("print_");
    expect(toolIdentifier("budget")).toBe("budget_");
    expect(toolIdentifier("already_fine")).toBe("already_fine");
  });
});

describe("an RLM run calling MCP tools over Streamable HTTP", () => {
  let server: Awaited<ReturnType<typeof httpWeatherServer>>;
  let client: Client;
  beforeAll(async () => {
    server = await httpWeatherServer();
    client = await server.connect();
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it("validates arguments, reports error results in the cell, and records tool-call events", async () => {
    const model = scriptedModel({
      replies: [
        repl(
          [
            "const errors = [];",
            "try { await get_weather({ town: 'Oslo' }) } catch (e) { errors.push(e.message) }",
            "try { await get_weather({ city: 'Paris' }) } catch (e) { errors.push(e.message) }",
            "const oslo = await get_weather({ city: 'Oslo' });",
            "FINAL({ oslo, errors })",
          ].join("\n"),
        ),
      ],
    });
    const events: RLMEvent[] = [];
    const rlm = createRLM({
      model,
      sandbox: vmSandbox(),
      tools: await mcpTools(client),
      sinks: [{ onEvent: (event) => events.push(event) }],
    });
    const result = await rlm.complete({ context: "weather", query: "How cold is Oslo?" });
    const answer = JSON.parse(result.answer as string);
    expect(answer.oslo).toEqual({ city: "Oslo", temperature: -3, unit: "C" });
    expect(answer.errors[0]).toContain('Invalid arguments for tool "get_weather"');
    expect(answer.errors[0]).toContain('missing required property "city"');
    expect(answer.errors[1]).toBe('MCP tool "get-weather" failed: No weather for Paris.');

    const system = model.calls[0]?.messages[0]?.content;
    expect(system).toContain(
      '`await get_weather({ city: string, unit?: "C" | "F" })`: Current temperature of a city.',
    );
    expect(system).toContain("`await cities_list()`: The cities with weather, one per line.");

    const toolEvents = events.filter(
      (event) => event.type === "tool-call-start" || event.type === "tool-call-end",
    );
    expect(
      toolEvents.map((event) => [
        event.type,
        event.name,
        event.type === "tool-call-end" ? (event.error?.name ?? event.result) : event.args,
      ]),
    ).toEqual([
      ["tool-call-start", "get_weather", '{"town":"Oslo"}'],
      ["tool-call-end", "get_weather", "InvalidToolArgumentsError"],
      ["tool-call-start", "get_weather", '{"city":"Paris"}'],
      ["tool-call-end", "get_weather", "McpToolError"],
      ["tool-call-start", "get_weather", '{"city":"Oslo"}'],
      ["tool-call-end", "get_weather", '{"city":"Oslo","temperature":-3,"unit":"C"}'],
    ]);
  });
});
