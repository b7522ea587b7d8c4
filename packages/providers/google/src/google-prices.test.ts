import { describe, expect, it } from "vitest";
import { computeGoogleCostUsd } from "./compute-google-cost.js";
import {
  findGooglePricing,
  GOOGLE_PRICES,
  type GooglePricing,
  PRICES_AS_OF,
} from "./google-prices.js";
import { google } from "./google-provider.js";
import { mapGoogleUsage } from "./map-google-usage.js";

describe("price table", () => {
  it("is dated and prices cache reads", () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(GOOGLE_PRICES["gemini-2.5-pro"]).toEqual({
      inputPerMillionUsd: 1.25,
      outputPerMillionUsd: 10,
      cacheReadPerMillionUsd: 0.125,
      longContext: {
        aboveInputTokens: 200_000,
        pricing: { inputPerMillionUsd: 2.5, outputPerMillionUsd: 15, cacheReadPerMillionUsd: 0.25 },
      },
    });
  });

  it("resolves versioned ids to their model", () => {
    expect(findGooglePricing("gemini-2.0-flash-001")).toBe(GOOGLE_PRICES["gemini-2.0-flash"]);
    expect(findGooglePricing("models/gemini-2.5-flash")).toBe(GOOGLE_PRICES["gemini-2.5-flash"]);
    expect(findGooglePricing("gemini-2.5-flash-lite")).toBe(GOOGLE_PRICES["gemini-2.5-flash-lite"]);
    expect(findGooglePricing("gemini-nonexistent")).toBeUndefined();
  });

  it("lets the pricing option replace the table", () => {
    const pricing = { inputPerMillionUsd: 9, outputPerMillionUsd: 9 };
    expect(google("gemini-2.5-pro", { pricing }).pricing).toBe(pricing);
  });
});

describe("computeGoogleCostUsd", () => {
  const pro = GOOGLE_PRICES["gemini-2.5-pro"] as GooglePricing;

  it("bills a prompt over 200k tokens, cache included, wholly at the long-context rates", () => {
    const atLimit = { inputTokens: 200_000, outputTokens: 100 };
    expect(computeGoogleCostUsd({ pricing: pro, usage: atLimit })).toBeCloseTo(
      (200_000 * 1.25 + 100 * 10) / 1e6,
      10,
    );
    const over = { inputTokens: 200_001, outputTokens: 100, cacheReadInputTokens: 100_000 };
    expect(computeGoogleCostUsd({ pricing: pro, usage: over })).toBeCloseTo(
      (100_001 * 2.5 + 100_000 * 0.25 + 100 * 15) / 1e6,
      10,
    );
  });

  it("keeps one tier for models without long-context rates", () => {
    const flash = GOOGLE_PRICES["gemini-2.5-flash"] as GooglePricing;
    const usage = { inputTokens: 500_000, outputTokens: 100 };
    expect(computeGoogleCostUsd({ pricing: flash, usage })).toBeCloseTo(
      (500_000 * 0.3 + 100 * 2.5) / 1e6,
      10,
    );
  });
});

describe("mapGoogleUsage", () => {
  it("leaves counts the API omitted undefined", () => {
    expect(mapGoogleUsage(undefined)).toEqual({});
    expect(mapGoogleUsage({ promptTokenCount: 40 })).toEqual({ inputTokens: 40 });
    expect(mapGoogleUsage({ promptTokenCount: 40, thoughtsTokenCount: 8 })).toEqual({
      inputTokens: 40,
      outputTokens: 8,
      reasoningTokens: 8,
    });
  });
});
