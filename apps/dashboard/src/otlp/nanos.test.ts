import { describe, expect, it } from "vitest";
import { nanosHalvesToMs, nanosStringToMs } from "./nanos.ts";

describe("nanosecond conversions", () => {
  it("agree between the decimal string and the fixed64 halves", () => {
    for (const nanos of [0n, 999_999n, 1_000_000n, 1_768_469_400_123_456_789n, 2n ** 64n - 1n]) {
      const low = Number(nanos & 0xffff_ffffn);
      const high = Number(nanos >> 32n);
      expect(nanosHalvesToMs(low, high)).toBe(nanosStringToMs(nanos.toString()));
      expect(nanosHalvesToMs(low, high)).toBeCloseTo(Number(nanos) / 1e6, -3);
    }
  });

  it("keeps microseconds at today's epoch", () => {
    expect(nanosStringToMs("1768469400123456789")).toBeCloseTo(1_768_469_400_123.456_8, 3);
  });

  it("refuses what is not an unsigned integer", () => {
    expect(nanosStringToMs("12a")).toBeNaN();
    expect(nanosStringToMs("-5")).toBeNaN();
  });
});
