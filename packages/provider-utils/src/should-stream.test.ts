import { describe, expect, it } from "vitest";
import { shouldStream } from "./should-stream.js";

describe("shouldStream", () => {
  it("streams only above 16,000 output tokens by default", () => {
    expect(shouldStream({ maxOutputTokens: 16_000 })).toBe(false);
    expect(shouldStream({ maxOutputTokens: 16_001 })).toBe(true);
    expect(shouldStream({})).toBe(false);
  });

  it("takes the threshold given", () => {
    expect(shouldStream({ streamAboveMaxOutputTokens: 500, maxOutputTokens: 501 })).toBe(true);
    expect(shouldStream({ streamAboveMaxOutputTokens: 500, maxOutputTokens: 500 })).toBe(false);
  });

  it("does what stream says when it is set", () => {
    expect(shouldStream({ stream: true })).toBe(true);
    expect(shouldStream({ stream: false, maxOutputTokens: 64_000 })).toBe(false);
  });
});
