import { describe, expect, it } from "vitest";
import {
  ANTHROPIC_PRICES,
  type AnthropicPricing,
  findAnthropicPricing,
  PRICES_AS_OF,
} from "./anthropic-prices.js";
import { anthropic } from "./anthropic-provider.js";
import { computeAnthropicCostUsd } from "./compute-anthropic-cost.js";
import { mapAnthropicUsage } from "./map-anthropic-usage.js";

describe("price table", () => {
  it("is dated and prices cache reads and writes", () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(ANTHROPIC_PRICES["claude-sonnet-4-6"]).toEqual({
      inputPerMillionUsd: 3,
      outputPerMillionUsd: 15,
      cacheReadPerMillionUsd: 0.3,
      cacheWritePerMillionUsd: 3.75,
      cacheWrite1hPerMillionUsd: 6,
    });
    expect(ANTHROPIC_PRICES["claude-sonnet-4-5"]?.longContext).toEqual({
      aboveInputTokens: 200_000,
      pricing: {
        inputPerMillionUsd: 6,
        outputPerMillionUsd: 22.5,
        cacheReadPerMillionUsd: 0.6,
        cacheWritePerMillionUsd: 7.5,
        cacheWrite1hPerMillionUsd: 12,
      },
    });
  });

  it("resolves dated snapshots and -latest ids to their alias", () => {
    expect(findAnthropicPricing("claude-3-5-haiku-20241022")).toBe(
      ANTHROPIC_PRICES["claude-3-5-haiku"],
    );
    expect(findAnthropicPricing("claude-3-5-haiku-latest")).toBe(
      ANTHROPIC_PRICES["claude-3-5-haiku"],
    );
    expect(findAnthropicPricing("claude-opus-4-1-20250805")?.inputPerMillionUsd).toBe(15);
    expect(findAnthropicPricing("claude-nonexistent")).toBeUndefined();
  });

  it("lets the pricing option replace the table", () => {
    const pricing = { inputPerMillionUsd: 9, outputPerMillionUsd: 9 };
    expect(anthropic("claude-sonnet-4-6", { pricing }).pricing).toBe(pricing);
    expect(anthropic("claude-sonnet-4-6").pricing).toBe(ANTHROPIC_PRICES["claude-sonnet-4-6"]);
  });

  it("with the 1-hour cache, gives core the 1-hour write price to reserve budget with", () => {
    // Core reserves each request at the dearer of the input and cache-write prices; a
    // 1-hour write costs 2x input, not the 5-minute 1.25x.
    const model = anthropic("claude-sonnet-4-5", { providerOptions: { cacheTtl: "1h" } });
    expect(model.pricing?.cacheWritePerMillionUsd).toBe(6);
    expect(model.pricing?.longContext?.pricing.cacheWritePerMillionUsd).toBe(12);
    const fiveMinutes = anthropic("claude-sonnet-4-5", { providerOptions: { cacheTtl: "5m" } });
    expect(fiveMinutes.pricing).toBe(ANTHROPIC_PRICES["claude-sonnet-4-5"]);
  });
});

describe("computeAnthropicCostUsd", () => {
  const sonnet45 = ANTHROPIC_PRICES["claude-sonnet-4-5"] as AnthropicPricing;

  it("bills a prompt over 200k tokens, cache included, wholly at the long-context rates", () => {
    const atLimit = { inputTokens: 200_000, outputTokens: 1000 };
    expect(computeAnthropicCostUsd({ pricing: sonnet45, usage: atLimit })).toBeCloseTo(
      (200_000 * 3 + 1000 * 15) / 1e6,
      10,
    );
    const over = {
      inputTokens: 150_001 + 50_000,
      outputTokens: 1000,
      cacheReadInputTokens: 50_000,
    };
    expect(computeAnthropicCostUsd({ pricing: sonnet45, usage: over })).toBeCloseTo(
      (150_001 * 6 + 50_000 * 0.6 + 1000 * 22.5) / 1e6,
      10,
    );
  });

  it("bills 1-hour cache writes at their own price, and defaults it to twice the input", () => {
    const usage = { inputTokens: 1100, outputTokens: 0, cacheWriteInputTokens: 1000 };
    expect(
      computeAnthropicCostUsd({ pricing: sonnet45, usage, cacheWrite1hInputTokens: 400 }),
    ).toBeCloseTo((100 * 3 + 600 * 3.75 + 400 * 6) / 1e6, 10);
    const plain = { inputPerMillionUsd: 2, outputPerMillionUsd: 4 };
    expect(
      computeAnthropicCostUsd({ pricing: plain, usage, cacheWrite1hInputTokens: 1000 }),
    ).toBeCloseTo((100 * 2 + 1000 * 4) / 1e6, 10);
  });
});

describe("mapAnthropicUsage", () => {
  it("leaves counts the API omitted undefined", () => {
    expect(mapAnthropicUsage(undefined)).toEqual({});
    expect(mapAnthropicUsage({ input_tokens: 10, output_tokens: 5 })).toEqual({
      inputTokens: 10,
      outputTokens: 5,
    });
    expect(
      mapAnthropicUsage({ input_tokens: 10, output_tokens: 5, cache_read_input_tokens: null }),
    ).toEqual({ inputTokens: 10, outputTokens: 5 });
  });
});
