import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ConfigurationError,
  createRLM,
  messageText,
  type RLMEvent,
  type Sandbox,
  type ToolCallEndEvent,
  tool,
  toolIdentifier,
} from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { repl } from "./fixtures.js";

const search = tool({
  description: "Full-text search over the docs.",
  inputSchema: z.object({
    query: z.string().describe("The words to look for."),
    limit: z.number().int().positive().optional(),
  }),
  execute: async ({ query, limit }) => ({ hits: [`${query}#1`], limit: limit ?? 10 }),
});

const weather = tool({
  description: "Current weather of a city.",
  inputSchema: {
    type: "object",
    properties: { city: { type: "string" }, unit: { enum: ["C", "F"] } },
    required: ["city"],
    additionalProperties: false,
  },
  execute: (args) => `sunny in ${(args as { city: string }).city}`,
});

function toolEnds(trajectory: readonly RLMEvent[]): ToolCallEndEvent[] {
  return trajectory.filter((event): event is ToolCallEndEvent => event.type === "tool-call-end");
}

describe("typed tools", () => {
  it("runs a Standard Schema tool with its parsed arguments", async () => {
    const root = scriptedModel({
      replies: [repl('FINAL(await search({ query: "rlm", limit: 3 }))')],
    });
    const rlm = createRLM({ model: root, sandbox: vmSandbox(), tools: { search } });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toEqual(JSON.stringify({ hits: ["rlm#1"], limit: 3 }));
  });

  it("fails a call with invalid arguments in the cell, naming the path, and never runs execute", async () => {
    let executed = 0;
    const counted = tool({
      inputSchema: search.inputSchema,
      execute: (args) => {
        executed++;
        return args;
      },
    });
    const root = scriptedModel({
      replies: [
        repl(
          "let why;\ntry { await search({ query: 42 }) } catch (e) { why = e.message }\nFINAL(why)",
        ),
      ],
    });
    const rlm = createRLM({ model: root, sandbox: vmSandbox(), tools: { search: counted } });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toContain('Invalid arguments for tool "search": query:');
    expect(result.answer).toContain("Expected: await search({ query: string, limit?: number })");
    expect(executed).toBe(0);
    expect(toolEnds(result.trajectory)).toMatchObject([
      { name: "search", error: { name: "InvalidToolArgumentsError" } },
    ]);
  });

  it("validates a JSON Schema tool and lets the model retry after the error", async () => {
    const root = scriptedModel({
      replies: [
        repl('await weather({ town: "Oslo" })'),
        repl('FINAL(await weather({ city: "Oslo", unit: "C" }))'),
      ],
    });
    const rlm = createRLM({ model: root, sandbox: vmSandbox(), tools: { weather } });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("sunny in Oslo");
    const cellEnds = result.trajectory.filter((event) => event.type === "cell-end");
    expect(cellEnds[0]).toMatchObject({ error: expect.stringContaining('tool "weather"') });
    expect(cellEnds[0]).toMatchObject({ error: expect.stringContaining("city") });
    expect(toolEnds(result.trajectory).map((event) => event.error?.name)).toEqual([
      "InvalidToolArgumentsError",
      undefined,
    ]);
  });

  it("gives a tool that takes an object no fields when called without an argument", async () => {
    const counted = tool({
      inputSchema: z.object({ limit: z.number().default(5) }),
      execute: ({ limit }) => limit,
    });
    const root = scriptedModel({ replies: [repl("FINAL(await count())")] });
    const rlm = createRLM({ model: root, sandbox: vmSandbox(), tools: { count: counted } });
    expect((await rlm.complete({ context: "c", query: "q" })).answer).toBe("5");
  });

  it("keeps the plain function form, unchecked", async () => {
    const root = scriptedModel({ replies: [repl("FINAL(await echo([1, 'two']))")] });
    const rlm = createRLM({
      model: root,
      sandbox: vmSandbox(),
      tools: { echo: (args) => JSON.stringify(args) },
    });
    expect((await rlm.complete({ context: "c", query: "q" })).answer).toBe('[1,"two"]');
  });

  it("lists each tool's signature, description and argument descriptions in the prompt", async () => {
    const root = scriptedModel({ replies: [repl('FINAL("done")')] });
    const rlm = createRLM({
      model: root,
      sandbox: vmSandbox(),
      tools: { search, weather, echo: (args) => args },
    });
    await rlm.complete({ context: "c", query: "q" });
    const system = root.calls[0]?.messages[0];
    const text = system ? messageText(system) : "";
    expect(text).toContain(
      "  - `await search({ query: string, limit?: number })`: Full-text search over the docs.\n    - `query`: The words to look for.",
    );
    expect(text).toContain(
      '  - `await weather({ city: string, unit?: "C" | "F" })`: Current weather of a city.',
    );
    expect(text).toContain("  - `await echo(args)`");
  });

  it("refuses a tool object without a schema or execute before anything runs", () => {
    const root = scriptedModel({ replies: [] });
    const build = (tools: object) =>
      // @ts-expect-error a malformed tool, as plain JavaScript could pass one
      createRLM({ model: root, sandbox: vmSandbox(), tools });
    expect(() => build({ bad: { execute: () => 1 } })).toThrow(ConfigurationError);
    expect(() => build({ bad: { execute: () => 1 } })).toThrow(/inputSchema/);
    expect(() => build({ bad: { inputSchema: {} } })).toThrow(/must be a function or an object/);
    expect(() => build({ "get-weather": () => 1 })).toThrow(/"get_weather"/);
  });
});

describe("tool names", () => {
  const root = scriptedModel({ replies: [] });
  // A Python sandbox for the check at createRLM: the run never starts a session.
  const python: Sandbox = {
    language: "python",
    createSession: () => Promise.reject(new Error("no session is started in this test")),
  };
  const build = (name: string, sandbox: Sandbox = vmSandbox()) =>
    createRLM({ model: root, sandbox, tools: { [name]: () => 1 } });

  it.each([
    ["query", "is the REPL's own `query`", "query_"],
    ["FINAL", "is the REPL's own `FINAL`", "FINAL_"],
    ["llm_query_batched", "is the REPL's own `llm_query_batched`", "llm_query_batched_"],
    ["console", "is the REPL's own `console`", "console_"],
    ["context_2", "is the REPL's own `context_2`", "context_2_"],
    ["delete", "is reserved in JavaScript", "delete_"],
    ["undefined", "is reserved in JavaScript", "undefined_"],
    ["setTimeout", "is the JavaScript REPL's own `setTimeout`", "setTimeout_"],
    ["2fa", 'is not a valid identifier in JavaScript; use letters, digits and "_"', "_2fa"],
  ])(
    "refuses %s for a JavaScript sandbox, naming it and suggesting a name",
    (name, why, suggested) => {
      expect(() => build(name)).toThrow(ConfigurationError);
      expect(() => build(name)).toThrow(
        `Tool name "${name}" ${why}; name the tool e.g. "${suggested}".`,
      );
    },
  );

  it.each([
    ["lambda", "is reserved in Python", "lambda_"],
    ["None", "is reserved in Python", "None_"],
    ["budget", "is the REPL's own `budget`", "budget_"],
    ["get$data", 'is not a valid identifier in Python; use letters, digits and "_"', "get_data"],
  ])("refuses %s for a Python sandbox", (name, why, suggested) => {
    expect(() => build(name, python)).toThrow(
      `Tool name "${name}" ${why}; name the tool e.g. "${suggested}".`,
    );
  });

  it("takes a name that only the other language keeps, and every suggested name", () => {
    // `lambda` is a Python keyword only; `setTimeout` and `$data` are JavaScript's only.
    expect(() => build("lambda")).not.toThrow();
    expect(() => build("$data")).not.toThrow();
    expect(() => build("setTimeout", python)).not.toThrow();
    for (const name of ["query", "class", "lambda", "get-weather", "2fa", "context_1"]) {
      expect(() => build(toolIdentifier(name))).not.toThrow();
      expect(() => build(toolIdentifier(name), python)).not.toThrow();
    }
  });
});
