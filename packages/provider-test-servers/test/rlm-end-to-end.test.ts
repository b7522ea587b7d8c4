import { anthropic } from "@rlm/anthropic";
import { computeCostUsd, createRLM } from "@rlm/core";
import { vmSandbox } from "@rlm/core/testing";
import { google } from "@rlm/google";
import { openai } from "@rlm/openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AnthropicServer, startAnthropicServer } from "../src/anthropic/anthropic-server.js";
import { type GoogleServer, startGoogleServer } from "../src/google/google-server.js";
import { type OpenAIServer, startOpenAIServer } from "../src/openai/openai-server.js";

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
  model: "claude-sonnet-4-5-20250929",
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
    googleServer.reply({ kind: "fixture", fixture: "generate-text" });

    const root = anthropic("claude-sonnet-4-5", { baseURL: anthropicServer.baseURL, apiKey: "a" });
    const sub = openai("gpt-4.1-mini", { baseURL: openaiServer.baseURL, apiKey: "o" });
    const cheap = google("gemini-2.5-flash", { baseURL: googleServer.baseURL, apiKey: "g" });
    const rlm = createRLM({ model: root, subModel: sub, models: { cheap }, sandbox: vmSandbox() });

    const result = await rlm.complete({ context: "part one\npart two", query: "Summarise." });

    expect(result.answer).toBe("both answered");
    expect(anthropicServer.requests).toHaveLength(1);
    expect(openaiServer.requests).toHaveLength(1);
    expect(googleServer.requests).toHaveLength(1);
    expect(JSON.stringify(openaiServer.requests[0]?.json)).toContain("Summarise part one.");
    expect(JSON.stringify(googleServer.requests[0]?.json)).toContain("Summarise part two.");
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
    const costOf = (model: { pricing?: Parameters<typeof computeCostUsd>[0] }, usage: object) =>
      computeCostUsd(model.pricing as Parameters<typeof computeCostUsd>[0], usage) ?? Number.NaN;
    const rootCost = costOf(root, rootUsage);
    const subCost = costOf(sub, subUsage);
    const cheapCost = costOf(cheap, cheapUsage);

    const { byModel, byTier } = result.usage;
    expect(byModel["anthropic:claude-sonnet-4-5"]).toMatchObject({ calls: 1, ...rootUsage });
    expect(byModel["openai:gpt-4.1-mini"]).toMatchObject({ calls: 1, ...subUsage });
    expect(byModel["gcp.gemini:gemini-2.5-flash"]).toMatchObject({ calls: 1, ...cheapUsage });
    expect(byModel["anthropic:claude-sonnet-4-5"]?.costUsd).toBeCloseTo(rootCost, 12);
    expect(byTier.root?.costUsd).toBeCloseTo(rootCost, 12);
    expect(byTier.sub?.costUsd).toBeCloseTo(subCost, 12);
    expect(byTier.cheap?.costUsd).toBeCloseTo(cheapCost, 12);
    expect(result.usage.total.calls).toBe(3);
    expect(result.costUsd).toBeCloseTo(rootCost + subCost + cheapCost, 12);
  });
});
