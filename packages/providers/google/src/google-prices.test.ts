import { describe, expect, it } from "vitest";
import { findGooglePricing, GOOGLE_PRICES, PRICES_AS_OF } from "./google-prices.js";
import { google } from "./google-provider.js";
import { mapGoogleUsage } from "./map-google-usage.js";

describe("price table", () => {
  it("is dated and prices cache reads", () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(GOOGLE_PRICES["gemini-2.5-pro"]).toEqual({
      inputPerMillionUsd: 1.25,
      outputPerMillionUsd: 10,
      cacheReadPerMillionUsd: 0.125,
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
