import type { Message } from "@rlm/core";
import { type OpenAIServer, startOpenAIServer } from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { findOpenAIPricing, OPENAI_PRICES, PRICES_AS_OF } from "./openai-prices.js";
import { openai } from "./openai-provider.js";

const messages: Message[] = [{ role: "user", content: "Hello" }];

describe("the price table", () => {
  it("is dated and covers the current models", () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const modelId of ["gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4.1-mini"]) {
      expect(OPENAI_PRICES[modelId], modelId).toBeDefined();
    }
    for (const modelId of ["gpt-4.1-nano", "gpt-4o", "gpt-4o-mini", "o3", "o4-mini"]) {
      expect(OPENAI_PRICES[modelId], modelId).toBeDefined();
    }
  });

  it("resolves dated snapshots to their alias, unless the snapshot has its own price", () => {
    expect(findOpenAIPricing("gpt-4o-2024-08-06")).toBe(OPENAI_PRICES["gpt-4o"]);
    expect(findOpenAIPricing("gpt-5-mini-2025-08-07")).toBe(OPENAI_PRICES["gpt-5-mini"]);
    expect(findOpenAIPricing("gpt-4o-2024-05-13")?.inputPerMillionUsd).toBe(5);
    // Prefixes are not guesses: gpt-4o-mini is not priced as gpt-4o.
    expect(findOpenAIPricing("gpt-4o-mini")).not.toBe(OPENAI_PRICES["gpt-4o"]);
    expect(findOpenAIPricing("gpt-4o-audio-preview")).toBeUndefined();
  });

  it("is exposed on the model and can be overridden per model", () => {
    expect(openai("gpt-4.1", { apiKey: "sk-test" }).pricing).toBe(OPENAI_PRICES["gpt-4.1"]);
    const pricing = { inputPerMillionUsd: 1, outputPerMillionUsd: 4, cacheReadPerMillionUsd: 0.1 };
    expect(openai("gpt-4.1", { apiKey: "sk-test", pricing }).pricing).toBe(pricing);
    expect(openai("my-fine-tune", { apiKey: "sk-test" }).pricing).toBeUndefined();
  });
});

describe("cost of a call", () => {
  let server: OpenAIServer;
  beforeEach(async () => {
    server = await startOpenAIServer();
  });
  afterEach(async () => {
    await server.close();
    vi.restoreAllMocks();
  });

  it("uses an overriding price", async () => {
    server.reply({ kind: "fixture", fixture: "chat-text" });
    const model = openai("gpt-5-mini", {
      baseURL: server.baseURL,
      apiKey: "sk-test",
      api: "chat",
      pricing: { inputPerMillionUsd: 1, outputPerMillionUsd: 10, cacheReadPerMillionUsd: 0.5 },
    });
    const result = await model.generate({ messages });
    expect(result.costUsd).toBeCloseTo((512 * 1 + 1536 * 0.5 + 320 * 10) / 1_000_000, 12);
  });

  it("leaves the cost of an unknown model undefined and warns once per model", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    server.reply(
      { kind: "fixture", fixture: "chat-text" },
      { kind: "fixture", fixture: "chat-text" },
      { kind: "fixture", fixture: "chat-text" },
    );
    const options = { baseURL: server.baseURL, apiKey: "sk-test", api: "chat" } as const;
    const unknown = openai("ft:gpt-4.1-mini:acme::b1", options);
    const first = await unknown.generate({ messages });
    const second = await openai("ft:gpt-4.1-mini:acme::b1", options).generate({ messages });
    expect(first.costUsd).toBeUndefined();
    expect(second.costUsd).toBeUndefined();
    expect(first.usage.inputTokens).toBe(2048);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain("ft:gpt-4.1-mini:acme::b1");

    await openai("another-unknown-model", options).generate({ messages });
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
