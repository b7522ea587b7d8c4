import { describe, expect, it } from "vitest";
import { CHARS_PER_TOKEN, parseTokenCount } from "./tokens.js";

describe("parseTokenCount", () => {
  it("reads suffixes and plain numbers", () => {
    expect(parseTokenCount("8k")).toBe(8_000);
    expect(parseTokenCount("1m")).toBe(1_000_000);
    expect(parseTokenCount("1.5M")).toBe(1_500_000);
    expect(parseTokenCount("128000")).toBe(128_000);
    expect(parseTokenCount("128_000")).toBe(128_000);
    expect(CHARS_PER_TOKEN).toBe(4);
  });

  it("rejects nonsense", () => {
    expect(() => parseTokenCount("lots")).toThrow(RangeError);
    expect(() => parseTokenCount("0")).toThrow(RangeError);
    expect(() => parseTokenCount("-5k")).toThrow(RangeError);
  });
});
