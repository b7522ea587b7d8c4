import { describe, expect, it } from "vitest";
import { createRLM } from "../src/index.js";
import { buildSystemPrompt } from "../src/prompt/system-prompt.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { lastUserMessage, repl } from "./fixtures.js";

describe("the query in the REPL", () => {
  it("is a variable code can read but not assign: an assignment says why it failed", async () => {
    const model = scriptedModel({
      replies: [repl("const query = 'Summarise: ' + context"), repl("FINAL(query)")],
    });
    const result = await createRLM({ model, sandbox: vmSandbox() }).complete({
      context: "abc",
      query: "How long is it?",
    });
    expect(result.answer).toBe("How long is it?");
    expect(lastUserMessage(model.calls[1])).toContain(
      "TypeError: `query` is read-only: the host sets it. Give your variable another name.",
    );
  });

  it("is named in both built-in system prompts", () => {
    for (const language of ["javascript", "python"] as const) {
      const prompt = buildSystemPrompt({
        language,
        depth: 0,
        maxDepth: 1,
        maxIterations: 30,
        maxOutputChars: 20_000,
        subCallChars: 100_000,
        modelNames: [],
        toolNames: [],
      });
      expect(prompt).toMatch(/`query`: the query you are answering/);
    }
  });
});
