import { createRLM, type ModelCallEndEvent, type RLMEvent, withFallbacks } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { describe, expect, it } from "vitest";
import { fromAISDK } from "../src/index.js";
import { useLocalServers } from "./local-servers.js";

const context = "Oslo 3\nBergen 5\nOslo 4";
const fence = (code: string) => `\`\`\`repl\n${code}\n\`\`\``;

const servers = useLocalServers();

function subModel() {
  return fromAISDK(servers.openaiProvider()("gpt-4.1-mini"));
}

describe("an RLM run with AI SDK models", () => {
  it("answers llm_query sub-calls through @ai-sdk/openai, booked and priced in the ledger", async () => {
    servers.openai.reply({ kind: "text", text: "7", inputTokens: 400, outputTokens: 1 });
    const root = scriptedModel({
      replies: [
        fence("const total = await llm_query('Sum the Oslo numbers:\\n' + context);\nFINAL(total)"),
      ],
    });
    const rlm = createRLM({ model: root, subModel: subModel(), sandbox: vmSandbox() });
    const result = await rlm.complete({ context, query: "Total for Oslo?" });

    expect(result.answer).toBe("7");
    expect(servers.openai.requests).toHaveLength(1);
    expect(JSON.stringify(servers.openai.requests[0]?.json)).toContain(
      "Sum the Oslo numbers:\\nOslo 3",
    );
    const sub = result.usage.byModel["openai:gpt-4.1-mini"];
    expect(sub).toMatchObject({ calls: 1, inputTokens: 400, outputTokens: 1 });
    expect(sub?.costUsd).toBeCloseTo((400 * 0.4 + 1 * 1.6) / 1_000_000, 12);
  });

  it("runs with @ai-sdk/anthropic as the root and retries a 429 in core", async () => {
    servers.anthropic.reply(
      { kind: "error", status: 429, headers: { "retry-after-ms": "1" } },
      {
        kind: "text",
        text: `Let me ask a sub-model.\n${fence("const total = await llm_query('Sum the Oslo numbers: ' + context)\nFINAL(total)")}`,
      },
    );
    servers.openai.reply({ kind: "text", text: "7" });
    const root = fromAISDK(servers.anthropicProvider()("claude-haiku-4-5"));
    const events: RLMEvent[] = [];
    const rlm = createRLM({
      model: root,
      subModel: subModel(),
      sandbox: vmSandbox(),
      retry: { initialDelayMs: 1 },
      sinks: [{ onEvent: (event) => void events.push(event) }],
    });
    const result = await rlm.complete({ context, query: "Total for Oslo?" });

    expect(result.answer).toBe("7");
    expect(servers.anthropic.requests).toHaveLength(2);
    const rootCalls = events.filter(
      (event) => event.type === "model-call-end" && event.tier === "root",
    );
    expect(rootCalls.map((event) => (event.type === "model-call-end" ? event.attempt : 0))).toEqual(
      [1, 2],
    );
    expect(rootCalls[0]).toMatchObject({ provider: "anthropic", error: { name: "ProviderError" } });
    expect(rootCalls[1]).toMatchObject({ provider: "anthropic", modelId: "claude-haiku-4-5" });
  });

  it("falls back from a provider answering 503s to the next one, after core's retries", async () => {
    servers.openai.reply(
      { kind: "error", status: 503 },
      { kind: "error", status: 503 },
      { kind: "error", status: 503 },
    );
    servers.anthropic.reply({ kind: "text", text: "7", inputTokens: 100, outputTokens: 1 });
    const root = scriptedModel({
      replies: [fence("FINAL(await llm_query('Sum the Oslo numbers: ' + context))")],
    });
    const rlm = createRLM({
      model: root,
      subModel: withFallbacks([
        subModel(),
        fromAISDK(servers.anthropicProvider()("claude-haiku-4-5")),
      ]),
      sandbox: vmSandbox(),
      retry: { maxRetries: 2, initialDelayMs: 1 },
    });
    const result = await rlm.complete({ context, query: "Total for Oslo?" });

    expect(result.answer).toBe("7");
    expect(servers.openai.requests).toHaveLength(3);
    expect(servers.anthropic.requests).toHaveLength(1);
    const subCalls = result.trajectory.filter(
      (event): event is ModelCallEndEvent =>
        event.type === "model-call-end" && event.tier === "sub",
    );
    expect(
      subCalls.map((event) => [
        event.provider,
        event.fallbackIndex,
        event.attempt,
        event.error?.name,
      ]),
    ).toEqual([
      ["openai", 0, 1, "ProviderError"],
      ["openai", 0, 2, "ProviderError"],
      ["openai", 0, 3, "ProviderError"],
      ["anthropic", 1, 1, undefined],
    ]);
    expect(subCalls.at(-1)?.responseModel).toBe("claude-haiku-4-5");
    expect(result.usage.byModel["openai:gpt-4.1-mini"]).toMatchObject({ calls: 0, failedCalls: 3 });
    expect(result.usage.byModel["anthropic:claude-haiku-4-5"]).toMatchObject({ calls: 1 });
  });
});
