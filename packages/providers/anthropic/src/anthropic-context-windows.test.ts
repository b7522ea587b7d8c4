import { describe, expect, it } from "vitest";
import { ANTHROPIC_CONTEXT_WINDOWS, ANTHROPIC_PRICES } from "./anthropic-prices.js";
import { anthropic } from "./anthropic-provider.js";

describe("context windows", () => {
  it("are known for every priced model, and resolve snapshots like prices", () => {
    expect(Object.keys(ANTHROPIC_CONTEXT_WINDOWS)).toEqual(Object.keys(ANTHROPIC_PRICES));
    expect(anthropic("claude-haiku-4-5-20251001").contextWindowTokens).toBe(200_000);
    expect(anthropic("claude-sonnet-4-5-latest").contextWindowTokens).toBe(200_000);
  });

  it("are unknown for a model outside the table unless given, and the option wins", () => {
    expect(anthropic("claude-next").contextWindowTokens).toBeUndefined();
    const beta = anthropic("claude-sonnet-4-5", { contextWindowTokens: 1_000_000 });
    expect(beta.contextWindowTokens).toBe(1_000_000);
  });
});
