import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { createRLM, type RLMEvent } from "@rlm/core";
import { scriptedModel } from "@rlm/core/testing";
import { denoSandbox } from "@rlm/sandbox-deno";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mcpTools } from "../src/index.js";
import { stdioWeatherClient } from "./weather-server.js";

const repl = (code: string) => `\`\`\`repl\n${code}\n\`\`\``;

describe("MCP tools in the Deno sandbox, from a server over stdio", () => {
  const sandboxes = {
    javascript: denoSandbox({ warmSessions: 0 }),
    python: denoSandbox({ warmSessions: 0, language: "python" }),
  };
  let client: Client;
  beforeAll(async () => {
    client = await stdioWeatherClient();
  });
  afterAll(async () => {
    await client.close();
    await Promise.all(Object.values(sandboxes).map((sandbox) => sandbox.close()));
  });

  const cells = {
    javascript: [
      "const cities = (await cities_list()).split('\\n');",
      "const temps = await Promise.all(cities.map((city) => get_weather({ city })));",
      "let why = '';",
      "try { await get_weather({ city: 'Paris' }) } catch (e) { why = e.message }",
      "FINAL({ coldest: temps.sort((a, b) => a.temperature - b.temperature)[0].city, why })",
    ],
    python: [
      "cities = cities_list().split('\\n')",
      "temps = [get_weather(city=city) for city in cities]",
      "try:",
      "    get_weather(city='Paris')",
      "except Exception as e:",
      "    why = str(e)",
      "FINAL({'coldest': min(temps, key=lambda t: t['temperature'])['city'], 'why': why})",
    ],
  };

  for (const language of ["javascript", "python"] as const) {
    it(`${language}: a cell calls the tools; each call is a tool-call event`, async () => {
      const events: RLMEvent[] = [];
      const rlm = createRLM({
        model: scriptedModel({ replies: [repl(cells[language].join("\n"))] }),
        sandbox: sandboxes[language],
        tools: await mcpTools(client),
        sinks: [{ onEvent: (event) => events.push(event) }],
      });
      const result = await rlm.complete({ context: "weather", query: "Which city is coldest?" });
      const answer = JSON.parse(result.answer as string);
      expect(answer.coldest).toBe("Oslo");
      expect(answer.why).toContain('MCP tool "get-weather" failed: No weather for Paris.');
      const ends = events.flatMap((event) =>
        event.type === "tool-call-end" ? [[event.name, event.error?.name ?? "ok"]] : [],
      );
      expect(ends.filter(([name]) => name === "cities_list")).toEqual([["cities_list", "ok"]]);
      expect(ends.filter(([name]) => name === "get_weather").sort()).toEqual([
        ["get_weather", "McpToolError"],
        ["get_weather", "ok"],
        ["get_weather", "ok"],
        ["get_weather", "ok"],
      ]);
    });
  }
});
