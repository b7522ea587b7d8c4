import { describe, expect, it } from "vitest";
import { ANTHROPIC_PRICES, findAnthropicPricing, PRICES_AS_OF } from "./anthropic-prices.js";
import { anthropic } from "./anthropic-provider.js";
import { mapAnthropicUsage } from "./map-anthropic-usage.js";

describe("price table", () => {
  it("is dated and prices cache reads and writes", () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(ANTHROPIC_PRICES["claude-sonnet-4-5"]).toEqual({
      inputPerMillionUsd: 3,
      outputPerMillionUsd: 15,
      cacheReadPerMillionUsd: 0.3,
      cacheWritePerMillionUsd: 3.75,
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
    expect(anthropic("claude-sonnet-4-5", { pricing }).pricing).toBe(pricing);
    expect(anthropic("claude-sonnet-4-5").pricing).toBe(ANTHROPIC_PRICES["claude-sonnet-4-5"]);
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
