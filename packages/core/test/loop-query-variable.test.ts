import { describe, expect, it } from "vitest";
import { createRLM } from "../src/index.js";
import { buildSystemPrompt } from "../src/prompt/system-prompt.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { repl } from "./fixtures.js";

describe("the query in the REPL", () => {
  it("is a variable code can read but not assign", async () => {
    const model = scriptedModel({
      replies: [
        repl("try { query = 'changed' } catch (error) { globalThis.refused = error.name }"),
        repl("FINAL(query + ' / ' + typeof refused)"),
      ],
    });
    const result = await createRLM({ model, sandbox: vmSandbox() }).complete({
      context: "abc",
      query: "How long is it?",
    });
    expect(result.answer).toMatch(/^How long is it\? \/ (string|undefined)$/);
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
