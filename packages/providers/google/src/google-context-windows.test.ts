import { describe, expect, it } from "vitest";
import { GOOGLE_CONTEXT_WINDOWS, GOOGLE_PRICES } from "./google-prices.js";
import { google } from "./google-provider.js";

describe("context windows", () => {
  it("are known for every priced model, and resolve versions like prices", () => {
    expect(Object.keys(GOOGLE_CONTEXT_WINDOWS)).toEqual(Object.keys(GOOGLE_PRICES));
    expect(google("models/gemini-2.5-flash-001", { apiKey: "k" }).contextWindowTokens).toBe(
      1_048_576,
    );
  });

  it("are unknown for a model outside the table unless given, and the option wins", () => {
    expect(google("gemma-3-27b-it", { apiKey: "k" }).contextWindowTokens).toBeUndefined();
    const small = google("gemma-3-27b-it", { apiKey: "k", contextWindowTokens: 131_072 });
    expect(small.contextWindowTokens).toBe(131_072);
  });
});
