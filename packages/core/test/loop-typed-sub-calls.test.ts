import { describe, expect, it } from "vitest";
import { createRLM, type LanguageModel, messageText, type RLMEvent } from "../src/index.js";
import { lastMessageText, scriptedModel, vmSandbox } from "../src/testing/index.js";
import { lastUserMessage, repl } from "./fixtures.js";

const PRICE = {
  type: "object",
  properties: { price: { type: "number" } },
  required: ["price"],
};
const SCHEMA = JSON.stringify(PRICE);

/** A root model that runs `code`, then answers with what the cell printed. */
function rootRunning(code: string) {
  return scriptedModel({
    respond: (request) => {
      const seen = lastUserMessage(request);
      if (seen.includes("Cell output") || seen.includes("Error")) return repl("FINAL('done')");
      return repl(code);
    },
  });
}

function cellEnds(events: RLMEvent[]) {
  return events.filter((event) => event.type === "cell-end");
}

/** Runs a question with a root and a sub-model; returns the result and every event. */
async function runWith(
  model: LanguageModel,
  subModel: LanguageModel,
  options: { maxDepth?: number } = {},
) {
  const events: RLMEvent[] = [];
  const result = await createRLM({
    model,
    subModel,
    sandbox: vmSandbox(),
    ...options,
    sinks: [{ onEvent: (event) => events.push(event) }],
  }).complete({ context: "c", query: "q" });
  return { result, events };
}

describe("typed llm_query", () => {
  it("retries an invalid reply with what was wrong, and returns the valid value", async () => {
    const subModel = scriptedModel({
      modelId: "sub",
      replies: ['{"price": "12"}', '```json\n{"price": 12}\n```'],
    });
    const model = scriptedModel({
      replies: [
        repl(
          `const r = await llm_query("What does it cost?", { schema: ${SCHEMA} });\nFINAL(r.price * 2)`,
        ),
      ],
    });
    const { result, events } = await runWith(model, subModel);

    expect(result.answer).toBe("24");
    expect(subModel.calls).toHaveLength(2);
    const [first, retry] = subModel.calls;
    expect(first?.responseFormat).toBeUndefined();
    expect(lastMessageText(first ?? { messages: [] })).toContain(
      `What does it cost?\n\nReply with only a JSON value, no prose and no code fence, that matches this JSON Schema:\n${SCHEMA}`,
    );
    expect(retry?.messages.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
    expect(retry?.messages[1]?.content).toBe('{"price": "12"}');
    expect(lastMessageText(retry ?? { messages: [] })).toContain(
      "$.price: expected number, got string",
    );
    // One sub-call, two model calls under it; its result is the value's JSON.
    const subcallEnd = events.find((event) => event.type === "subcall-end");
    expect(subcallEnd).toMatchObject({ result: '{"price":12}' });
    const calls = events.filter(
      (event) => event.type === "model-call-start" && event.subcallId !== undefined,
    );
    expect(calls).toHaveLength(2);
  });

  it("after 3 invalid replies rejects with a StructuredOutputError the cell catches, and the run goes on", async () => {
    const subModel = scriptedModel({ modelId: "sub", respond: () => '{"price": "free"}' });
    const model = rootRunning(
      `try { await llm_query("Price?", { schema: ${SCHEMA} }) } catch (error) { print(error.name + " | " + error.message) }`,
    );
    const { result, events } = await runWith(model, subModel);

    expect(result.answer).toBe("done");
    expect(subModel.calls).toHaveLength(3);
    expect(cellEnds(events)[0]).toMatchObject({
      output:
        "StructuredOutputError | llm_query: the reply did not match the schema after 3 attempts: $.price: expected number, got string",
    });
  });

  it("sends responseFormat to a model with supportsStructuredOutput, and the prompt as it is", async () => {
    const subModel = scriptedModel({
      modelId: "native",
      supportsStructuredOutput: true,
      replies: ['{"price": 5}'],
    });
    const model = scriptedModel({
      replies: [repl(`FINAL((await llm_query("Price?", { schema: ${SCHEMA} })).price)`)],
    });
    const result = await createRLM({ model, subModel, sandbox: vmSandbox() }).complete({
      context: "c",
      query: "q",
    });

    expect(result.answer).toBe("5");
    expect(subModel.calls[0]?.responseFormat).toEqual({ type: "json", schema: PRICE });
    expect(subModel.calls[0]?.messages).toEqual([{ role: "user", content: "Price?" }]);
  });

  it("refuses an invalid schema before anything is counted or sent", async () => {
    const subModel = scriptedModel({ modelId: "sub", replies: [] });
    const model = rootRunning(
      `try { await llm_query("Price?", { schema: { type: "float" } }) } catch (error) { print(error.message) }`,
    );
    const { events } = await runWith(model, subModel);

    expect(subModel.calls).toHaveLength(0);
    expect(events.some((event) => event.type === "subcall-start")).toBe(false);
    expect(cellEnds(events)[0]?.output).toMatch(
      /^The schema is not a valid JSON Schema: #\/type: "float" is not a JSON Schema type/,
    );
  });

  it("gives failed slots of llm_query_batched as Error strings and the rest as values", async () => {
    const subModel = scriptedModel({
      modelId: "sub",
      respond: (request) => (lastMessageText(request).startsWith("good") ? '{"price": 1}' : "no"),
    });
    const model = scriptedModel({
      replies: [
        repl(
          `const out = await llm_query_batched(["good", "bad"], { schema: ${SCHEMA} });\nFINAL(JSON.stringify([out[0], out[1].slice(0, 6)]))`,
        ),
      ],
    });
    const result = await createRLM({ model, subModel, sandbox: vmSandbox() }).complete({
      context: "c",
      query: "q",
    });
    expect(JSON.parse(result.answer as string)).toEqual([{ price: 1 }, "Error:"]);
  });
});

describe("typed rlm_query", () => {
  it("validates the child's FINAL against the schema, which the child's system prompt shows", async () => {
    const model = scriptedModel({
      respond: (request) => {
        const opening = request.messages.find((message) => message.role === "user");
        if (!messageText(opening ?? { role: "user", content: "" }).includes("Query: child")) {
          return repl(
            `const r = await rlm_query("child", "ctx", { schema: ${SCHEMA} });\nFINAL(r.price + 1)`,
          );
        }
        // The child: an answer that does not match first, then one that does.
        return lastUserMessage(request).includes("does not match")
          ? repl("FINAL({ price: 7 })")
          : repl('FINAL({ price: "seven" })');
      },
    });
    const result = await createRLM({ model, sandbox: vmSandbox() }).complete({
      context: "c",
      query: "q",
    });

    expect(result.answer).toBe("8");
    const systems = model.calls.map((call) => lastMessageText(call, "system"));
    expect(systems.filter((system) => system.includes(SCHEMA)).length).toBeGreaterThan(0);
    expect(systems[0]).not.toContain(SCHEMA);
  });

  it("at maxDepth is a typed plain call", async () => {
    const model = scriptedModel({
      replies: [
        repl(
          `const r = await rlm_query("Price of:", "a pen", { schema: ${SCHEMA} });\nFINAL(r.price)`,
        ),
      ],
    });
    const subModel = scriptedModel({ modelId: "sub", replies: ['{"price": 3}'] });
    const result = await createRLM({ model, subModel, maxDepth: 0, sandbox: vmSandbox() }).complete(
      { context: "c", query: "q" },
    );
    expect(result.answer).toBe("3");
    expect(lastMessageText(subModel.calls[0] ?? { messages: [] })).toContain(
      `Price of:\n\na pen\n\nReply with only a JSON value`,
    );
  });

  it("at maxDepth names rlm_query when no reply matches", async () => {
    const model = rootRunning(
      `try { await rlm_query("Price of:", "a pen", { schema: ${SCHEMA} }) } catch (error) { print(error.message) }`,
    );
    const subModel = scriptedModel({ modelId: "sub", respond: () => "no idea" });
    const { events } = await runWith(model, subModel, { maxDepth: 0 });
    expect(subModel.calls).toHaveLength(3);
    expect(cellEnds(events)[0]?.output).toBe(
      'rlm_query: the reply did not match the schema after 3 attempts: $: the reply is not JSON (it starts "no idea"); reply with only the JSON value',
    );
  });
});
