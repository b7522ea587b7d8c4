import { createRLM, type GenerateRequest, messageText, type RLMEvent } from "@rlm/core";
import { lastMessageText, scriptedModel } from "@rlm/core/testing";
import { afterAll, describe, expect, it } from "vitest";
import { denoSandbox } from "../src/index.js";
import { denoChildren } from "./helpers.js";

const fence = (code: string) => `Let me look.\n\`\`\`repl\n${code}\n\`\`\``;
const firstUser = (request: GenerateRequest) => {
  const message = request.messages.find((entry) => entry.role === "user");
  return message ? messageText(message) : "";
};

describe("end to end through createRLM (JavaScript)", () => {
  const sandbox = denoSandbox({ warmSessions: 2 });
  afterAll(async () => {
    await sandbox.close();
    expect(denoChildren()).toEqual([]);
  });

  it("runs a depth-2 recursion with parallel children in Deno sandboxes", async () => {
    let inFlightNodes = 0;
    let peakNodes = 0;
    const model = scriptedModel({
      respond: async (request) => {
        const user = firstUser(request);
        if (user.includes("Query: root-question")) {
          return fence(
            'const parts = context\nconst out = await rlm_query_batched(parts.map((p) => ({ prompt: "child-question", context: p })))\nFINAL(out.join(";"))',
          );
        }
        if (user.includes("Query: child-question")) {
          inFlightNodes++;
          peakNodes = Math.max(peakNodes, inFlightNodes);
          await new Promise((resolve) => setTimeout(resolve, 50));
          inFlightNodes--;
          return fence(
            'const xs = context.split(",")\nconst out = await Promise.all(xs.map((x) => rlm_query("grand-question", x)))\nFINAL(out.join("+"))',
          );
        }
        if (user.includes("Query: grand-question")) {
          return fence('const r = await llm_query("upper " + context)\nFINAL(r)');
        }
        throw new Error(`unexpected request: ${user.slice(0, 200)}`);
      },
    });
    const subModel = scriptedModel({
      modelId: "sub",
      respond: (request) =>
        lastMessageText(request)
          .replace(/^upper /, "")
          .toUpperCase(),
    });
    const events: RLMEvent[] = [];
    const rlm = createRLM({
      model,
      subModel,
      sandbox,
      maxDepth: 2,
      limits: { maxConcurrency: 8 },
      sinks: [{ onEvent: (event) => events.push(event) }],
    });
    const result = await rlm.complete({
      context: ["a1,a2", "b1,b2", "c1"],
      query: "root-question",
    });
    expect(result.answer).toBe("A1+A2;B1+B2;C1");
    const depths = events
      .filter((event) => event.type === "node-start")
      .map((event) => event.depth);
    expect(depths.filter((depth) => depth === 1)).toHaveLength(3);
    expect(depths.filter((depth) => depth === 2)).toHaveLength(5);
    expect(peakNodes).toBeGreaterThan(1);
    const cellEnds = events.filter((event) => event.type === "cell-end");
    expect(cellEnds).toHaveLength(9);
  });

  it("runs a Python RLM whose code calls llm_query without await", async () => {
    const python = denoSandbox({ language: "python", warmSessions: 0 });
    try {
      const model = scriptedModel({
        replies: [
          "```python\nparts = context.split()\nanswers = llm_query_batched(parts)\nFINAL(' '.join(answers))\n```",
        ],
      });
      const subModel = scriptedModel({
        respond: (request) => lastMessageText(request).toUpperCase(),
      });
      const result = await createRLM({ model, subModel, sandbox: python }).complete({
        context: "a b c",
        query: "shout",
      });
      expect(result.answer).toBe("A B C");
    } finally {
      await python.close();
    }
  });

  it("feeds errors and a state reset back to the model, then finishes with FINAL_VAR", async () => {
    const model = scriptedModel({
      replies: [
        fence("let notes = 'kept'\nwhile (true) {}"),
        fence(
          "notes += ' and more'\nconst G = globalThis.constructor.constructor('return globalThis')()\nG.Deno.exit(1)",
        ),
        fence("const total = context.length\nprint(typeof notes)"),
        "The answer is in total.\nFINAL_VAR(total)",
      ],
    });
    const rlm = createRLM({ model, sandbox, cellTimeoutMs: 500 });
    const result = await rlm.complete({ context: "twelve chars", query: "how long?" });
    expect(result.answer).toBe("12");
    const prompts = model.calls.map((call) => lastMessageText(call));
    expect(prompts[1]).toMatch(/timed out after 500 ms \(variables were kept\)/);
    expect(prompts[2]).toMatch(/restarted/);
    expect(prompts[3]).toMatch(/undefined/);
  });
});
