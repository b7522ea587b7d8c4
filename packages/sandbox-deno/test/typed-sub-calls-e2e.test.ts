import { type BudgetSnapshot, createRLM, messageText, type RLMEvent } from "@rlm/core";
import { type ScriptedModel, scriptedModel } from "@rlm/core/testing";
import { afterAll, describe, expect, it } from "vitest";
import { type DenoSandbox, denoSandbox } from "../src/index.js";

/** A 1x1 PNG. */
const PNG = new Uint8Array(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "base64",
  ),
);
const SCHEMA = JSON.stringify({
  type: "object",
  properties: { price: { type: "number" } },
  required: ["price"],
});
const fence = (code: string) => `Let me look.\n\`\`\`repl\n${code}\n\`\`\``;

/**
 * The same program in both languages: a typed call whose first reply is invalid, one whose
 * replies never match, an image from the binary context, then budget().
 */
const PROGRAMS = {
  javascript: `const schema = ${SCHEMA}
const a = await llm_query("Price of item A?", { schema })
let failure = "none"
try { await llm_query("Price of item B?", { schema }) } catch (e) { failure = e.name + ": " + e.message }
const described = await llm_query(["Describe this image.", { type: "image", data: context[0] }])
const b = await budget()
FINAL({ price: a.price, plain: a.constructor === Object, failure, described, budget: b })`,
  python: `schema = ${SCHEMA}
a = llm_query("Price of item A?", schema=schema)
failure = "none"
try:
    llm_query("Price of item B?", schema=schema)
except Exception as e:
    failure = str(e)
described = llm_query(["Describe this image.", {"type": "image", "data": context[0]}])
FINAL({"price": a["price"], "plain": type(a) is dict, "failure": failure, "described": described, "budget": budget()})`,
};

/** Replies by prompt: item A's first reply has a string price, item B's never match. */
function subModel(): ScriptedModel {
  let itemA = 0;
  return scriptedModel({
    modelId: "sub",
    supportsImages: true,
    respond: (request) => {
      const user = request.messages.filter((message) => message.role === "user");
      const text = user.map((message) => messageText(message)).join("\n");
      if (text.includes("Price of item A?"))
        return itemA++ === 0 ? '{"price":"ten"}' : '{"price":10}';
      if (text.includes("Price of item B?")) return '{"price":"unknown"}';
      if (text.includes("Describe this image.")) return "a single pixel";
      throw new Error(`unexpected sub-call: ${text.slice(0, 200)}`);
    },
  });
}

describe.each(["javascript", "python"] as const)(
  "typed sub-calls through createRLM in %s",
  (language) => {
    const sandbox: DenoSandbox = denoSandbox({ language, warmSessions: 0 });
    afterAll(() => sandbox.close());

    it("returns values, retries an invalid reply, reports a failure to the cell, sends image bytes and reads budget()", async () => {
      const sub = subModel();
      const events: RLMEvent[] = [];
      const rlm = createRLM({
        model: scriptedModel({ replies: [fence(PROGRAMS[language])] }),
        subModel: sub,
        sandbox,
        limits: { maxSubCalls: 50 },
        maxIterations: 7,
        sinks: [{ onEvent: (event) => events.push(event) }],
      });
      const result = await rlm.complete({ context: [PNG, "notes"], query: "Price the items." });
      // A run without a schema answers with the FINAL value's JSON text.
      const answer = JSON.parse(String(result.answer)) as {
        price: number;
        plain: boolean;
        failure: string;
        described: string;
        budget: BudgetSnapshot;
      };
      expect(answer.price).toBe(10);
      expect(answer.plain).toBe(true);
      expect(answer.failure).toMatch(
        /^StructuredOutputError: llm_query: the reply did not match the schema after 3 attempts: \$\.price/,
      );
      expect(answer.described).toBe("a single pixel");

      // Item A took two attempts, item B three, the image one: each a model call of its own.
      expect(sub.calls).toHaveLength(6);
      const imageCall = sub.calls[5];
      const content = imageCall?.messages.at(-1)?.content;
      expect(Array.isArray(content)).toBe(true);
      const image = (content as { type: string; data?: Uint8Array; mediaType?: string }[]).find(
        (part) => part.type === "image",
      );
      expect(image?.mediaType).toBe("image/png");
      expect(Buffer.from(image?.data as Uint8Array).equals(Buffer.from(PNG))).toBe(true);

      const budget = answer.budget;
      expect(budget.depth).toEqual({ used: 0, limit: 1, remaining: 1 });
      expect(budget.iterations).toEqual({ used: 1, limit: 7, remaining: 6 });
      const subCalls = events.filter((event) => event.type === "subcall-start").length;
      expect(budget.subCalls).toEqual({ used: subCalls, limit: 50, remaining: 50 - subCalls });
      expect(budget.costUsd.limit).toBeNull();
      expect(budget.tokens.used).toBeGreaterThan(0);
    }, 120_000);
  },
);
