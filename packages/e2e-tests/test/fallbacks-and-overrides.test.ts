import { anthropic } from "@rlm/anthropic";
import { createRLM, type ModelCallEndEvent, withFallbacks } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { openai } from "@rlm/openai";
import {
  type AnthropicServer,
  type OpenAIServer,
  startAnthropicServer,
  startOpenAIServer,
} from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

let anthropicServer: AnthropicServer;
let openaiServer: OpenAIServer;
beforeEach(async () => {
  [anthropicServer, openaiServer] = await Promise.all([
    startAnthropicServer(),
    startOpenAIServer(),
  ]);
});
afterEach(async () => {
  await Promise.all([anthropicServer.close(), openaiServer.close()]);
});

const asksOnce = () =>
  scriptedModel({
    pricing: { inputPerMillionUsd: 1, outputPerMillionUsd: 1 },
    respond: () => "```repl\nFINAL(await llm_query('Summarise.'))\n```",
  });
const gpt = () => openai("gpt-5-mini", { baseURL: openaiServer.baseURL, apiKey: "sk-test" });
const claude = () =>
  anthropic("claude-haiku-4-5", { baseURL: anthropicServer.baseURL, apiKey: "sk-ant-test" });

function subCalls(trajectory: readonly { type: string }[]): ModelCallEndEvent[] {
  return trajectory.filter(
    (event): event is ModelCallEndEvent =>
      event.type === "model-call-end" && (event as ModelCallEndEvent).tier === "sub",
  );
}

describe("fallbacks and per-call models through the providers' SDKs", () => {
  it("moves from OpenAI answering 503s to Anthropic once core's retries are spent", async () => {
    openaiServer.reply({ kind: "error", status: 503 }, { kind: "error", status: 503 });
    anthropicServer.reply({ kind: "text", text: "summary from claude" });
    const rlm = createRLM({
      model: asksOnce(),
      subModel: withFallbacks([gpt(), claude()]),
      sandbox: vmSandbox(),
      retry: { maxRetries: 1, initialDelayMs: 1 },
      limits: { maxCostUsd: 1 },
    });
    const result = await rlm.complete({ context: "c", query: "q" });

    expect(result.answer).toBe("summary from claude");
    expect([openaiServer.requests.length, anthropicServer.requests.length]).toEqual([2, 1]);
    expect(
      subCalls(result.trajectory).map((event) => [
        event.provider,
        event.fallbackIndex,
        event.attempt,
      ]),
    ).toEqual([
      ["openai", 0, 1],
      ["openai", 0, 2],
      ["anthropic", 1, 1],
    ]);
    expect(result.usage.byModel["anthropic:claude-haiku-4-5"]?.costUsd).toBeGreaterThan(0);
    expect(result.usage.byModel["openai:gpt-5-mini"]).toMatchObject({ calls: 0, failedCalls: 2 });
  });

  it("answers one call's sub-calls with another provider, and the next with the RLM's own", async () => {
    openaiServer.reply({ kind: "text", text: "summary from gpt" });
    anthropicServer.reply({ kind: "text", text: "summary from claude" });
    const rlm = createRLM({ model: asksOnce(), subModel: gpt(), sandbox: vmSandbox() });

    const overridden = await rlm.complete({
      context: "c",
      query: "q",
      models: { sub: claude() },
      providerOptions: { anthropic: { topK: 5 } },
    });
    expect(overridden.answer).toBe("summary from claude");
    expect(anthropicServer.requests[0]?.json).toMatchObject({ top_k: 5 });

    const next = await rlm.complete({ context: "c", query: "q" });
    expect(next.answer).toBe("summary from gpt");
    expect([openaiServer.requests.length, anthropicServer.requests.length]).toEqual([1, 1]);
  });
});
