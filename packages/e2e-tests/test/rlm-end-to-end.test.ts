import { anthropic } from "@rlm/anthropic";
import { createRLM } from "@rlm/core";
import { vmSandbox } from "@rlm/core/testing";
import { google } from "@rlm/google";
import { openai } from "@rlm/openai";
import {
  type AnthropicServer,
  type GoogleServer,
  type OpenAIServer,
  startAnthropicServer,
  startGoogleServer,
  startOpenAIServer,
} from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

/** The root model's one turn: a sub-call to each of the other two models, then the answer. */
const ROOT_CODE = [
  "const a = await llm_query('Summarise part one.')",
  "const b = await llm_query('Summarise part two.', { model: 'cheap' })",
  "FINAL(a.length > 0 && b.length > 0 ? 'both answered' : 'missing')",
].join("\n");

const rootReply = {
  id: "msg_01E2eRootTurn",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-6",
  content: [{ type: "text", text: `\`\`\`repl\n${ROOT_CODE}\n\`\`\`` }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: {
    input_tokens: 150,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 1800,
    output_tokens: 90,
  },
};

let anthropicServer: AnthropicServer;
let openaiServer: OpenAIServer;
let googleServer: GoogleServer;
beforeEach(async () => {
  [anthropicServer, openaiServer, googleServer] = await Promise.all([
    startAnthropicServer(),
    startOpenAIServer(),
    startGoogleServer(),
  ]);
});
afterEach(async () => {
  await Promise.all([anthropicServer.close(), openaiServer.close(), googleServer.close()]);
});

describe("an RLM over three providers", () => {
  it("accounts every request the servers received, by model, tier and cost", async () => {
    anthropicServer.reply({ kind: "json", body: rootReply });
    openaiServer.reply({ kind: "fixture", fixture: "responses-text" });
    // The cheap tier's first attempt is rate limited; core retries it after retry-after.
    googleServer.reply(
      { kind: "error", status: 429, headers: { "retry-after": "0" } },
      { kind: "fixture", fixture: "generate-text" },
    );

    const root = anthropic("claude-sonnet-4-6", { baseURL: anthropicServer.baseURL, apiKey: "a" });
    const sub = openai("gpt-4.1-mini", { baseURL: openaiServer.baseURL, apiKey: "o" });
    const cheap = google("gemini-2.5-flash", { baseURL: googleServer.baseURL, apiKey: "g" });
    const rlm = createRLM({
      model: root,
      subModel: sub,
      models: { cheap },
      sandbox: vmSandbox(),
      // Long enough that a retry-after the provider failed to pass on would show as a wait.
      retry: { initialDelayMs: 5_000, maxDelayMs: 5_000 },
    });

    const result = await rlm.complete({ context: "part one\npart two", query: "Summarise." });

    expect(result.answer).toBe("both answered");
    expect(anthropicServer.requests).toHaveLength(1);
    expect(openaiServer.requests).toHaveLength(1);
    expect(googleServer.requests).toHaveLength(2);
    expect(JSON.stringify(openaiServer.requests[0]?.json)).toContain("Summarise part one.");
    expect(googleServer.requests[1]?.json).toEqual(googleServer.requests[0]?.json);
    expect(JSON.stringify(googleServer.requests[1]?.json)).toContain("Summarise part two.");
    const rootBody = anthropicServer.requests[0]?.json as { system?: unknown[] } | undefined;
    expect(rootBody?.system?.[0]).toMatchObject({ cache_control: { type: "ephemeral" } });

    const rootUsage = {
      inputTokens: 150 + 1800,
      outputTokens: 90,
      cacheReadInputTokens: 1800,
      cacheWriteInputTokens: 0,
    };
    // responses-text.json: 4200 input (3968 cached), 1450 output (1216 reasoning).
    const subUsage = {
      inputTokens: 4200,
      outputTokens: 1450,
      cacheReadInputTokens: 3968,
      reasoningTokens: 1216,
    };
    // generate-text.json: 2048 prompt tokens, 120 candidate tokens.
    const cheapUsage = { inputTokens: 2048, outputTokens: 120 };
    // Prices per million tokens: claude-sonnet-4-6 3 in, 0.3 cache read, 15 out;
    // gpt-4.1-mini 0.4 in, 0.1 cached, 1.6 out; gemini-2.5-flash 0.3 in, 2.5 out.
    const rootCost = (150 * 3 + 1800 * 0.3 + 90 * 15) / 1e6;
    const subCost = ((4200 - 3968) * 0.4 + 3968 * 0.1 + 1450 * 1.6) / 1e6;
    const cheapCost = (2048 * 0.3 + 120 * 2.5) / 1e6;

    const { byModel, byTier } = result.usage;
    expect(byModel["anthropic:claude-sonnet-4-6"]).toMatchObject({ calls: 1, ...rootUsage });
    expect(byModel["openai:gpt-4.1-mini"]).toMatchObject({ calls: 1, ...subUsage });
    expect(byModel["gcp.gemini:gemini-2.5-flash"]).toMatchObject({
      calls: 1,
      failedCalls: 1,
      ...cheapUsage,
    });
    expect(byModel["anthropic:claude-sonnet-4-6"]?.costUsd).toBeCloseTo(rootCost, 12);
    expect(byModel["openai:gpt-4.1-mini"]?.costUsd).toBeCloseTo(subCost, 12);
    expect(byModel["gcp.gemini:gemini-2.5-flash"]?.costUsd).toBeCloseTo(cheapCost, 12);
    expect(byTier.root).toMatchObject({ calls: 1, failedCalls: 0 });
    expect(byTier.root?.costUsd).toBeCloseTo(rootCost, 12);
    expect(byTier.sub).toMatchObject({ calls: 1, failedCalls: 0 });
    expect(byTier.sub?.costUsd).toBeCloseTo(subCost, 12);
    expect(byTier.cheap).toMatchObject({ calls: 1, failedCalls: 1 });
    expect(byTier.cheap?.costUsd).toBeCloseTo(cheapCost, 12);
    expect(result.usage.total).toMatchObject({ calls: 3, failedCalls: 1 });
    expect(result.costUsd).toBeCloseTo(rootCost + subCost + cheapCost, 12);
  });
});
