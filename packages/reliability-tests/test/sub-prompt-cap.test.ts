import { createRLM } from "@rlm/core";
import { scriptedModel } from "@rlm/core/testing";
import { type DenoSandbox, denoSandbox } from "@rlm/sandbox-deno";
import { afterAll, beforeAll, expect, it } from "vitest";

/** `maxPromptChars` through the real Deno sandbox, on the path its own check cannot see. */

let deno: DenoSandbox;
beforeAll(() => {
  deno = denoSandbox({ warmSessions: 0 });
});
afterAll(async () => {
  await deno.close();
});

it("rlm_query at maxDepth with a 5,000,000-character context is refused under the 4,000,000 default", async () => {
  const sub = scriptedModel({ respond: () => "the sub-model was asked" });
  const root = scriptedModel({
    replies: [
      "```repl\nlet message\ntry { await rlm_query('summarize', 'x'.repeat(5_000_000)) } catch (e) { message = e.message }\nFINAL(message)\n```",
    ],
  });
  const rlm = createRLM({ model: root, subModel: sub, sandbox: deno, maxDepth: 0 });
  const result = await rlm.complete({ context: "c", query: "q" });
  // The prompt is "summarize", two newlines and the context: 5,000,011 characters.
  expect(result.answer).toMatch(/5000011 characters; at most 4000000 are allowed/);
  expect(sub.calls).toHaveLength(0);
  expect(result.subCalls).toBe(0);
});
