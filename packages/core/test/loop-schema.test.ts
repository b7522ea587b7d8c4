import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createRLM, InvalidAnswerError } from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { lastUserMessage, repl } from "./fixtures.js";

const schema = z.object({ count: z.number().int(), labels: z.array(z.string()) });

describe("structured output", () => {
  it("validates FINAL against the schema and feeds errors back until it matches", async () => {
    const model = scriptedModel({
      replies: [
        repl("FINAL({ count: 'three', labels: [] })"),
        repl("FINAL({ count: 3, labels: ['a', 'b', 'c'] })"),
      ],
    });
    const rlm = createRLM({ model, sandbox: vmSandbox() });
    const result = await rlm.complete({ context: "c", query: "q", schema });
    expect(result.answer).toEqual({ count: 3, labels: ["a", "b", "c"] });
    const answer: { count: number; labels: string[] } = result.answer;
    expect(answer.count).toBe(3);
    const feedback = lastUserMessage(model.calls[1]);
    expect(feedback).toContain("FINAL was rejected");
    expect(feedback).toContain("count:");
  });

  it("describes the schema in the system prompt", async () => {
    const model = scriptedModel({ replies: [repl("FINAL({ count: 1, labels: [] })")] });
    await createRLM({ model, sandbox: vmSandbox() }).complete({ context: "c", query: "q", schema });
    expect(model.calls[0]?.messages[0]?.content).toContain('"labels"');
  });

  it("parses a text-tag answer as JSON before validating", async () => {
    const model = scriptedModel({ replies: ['FINAL({"count": 2, "labels": ["x", "y"]})'] });
    const result = await createRLM({ model, sandbox: vmSandbox() }).complete({
      context: "c",
      query: "q",
      schema,
    });
    expect(result.answer).toEqual({ count: 2, labels: ["x", "y"] });
  });

  it("throws InvalidAnswerError when the forced final answer does not match", async () => {
    const model = scriptedModel({ replies: [repl("1"), "FINAL(not json)"] });
    const rlm = createRLM({ model, sandbox: vmSandbox(), maxIterations: 1 });
    const error = await rlm
      .complete({ context: "c", query: "q", schema })
      .catch((caught: unknown) => caught);
    expect(InvalidAnswerError.isInstance(error)).toBe(true);
    expect((error as InvalidAnswerError).partialAnswer).toBe("not json");
  });
});
