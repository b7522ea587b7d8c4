import { describe, expect, it } from "vitest";
import { parseDurationMs, rateLimitResetMs } from "./rate-limit-reset.js";

describe("rate-limit reset headers", () => {
  it("parses OpenAI's durations", () => {
    expect(parseDurationMs("1s")).toBe(1000);
    expect(parseDurationMs("6m0s")).toBe(360_000);
    expect(parseDurationMs("120ms")).toBe(120);
    expect(parseDurationMs("1.5s")).toBe(1500);
    expect(parseDurationMs("1h2m3s")).toBe(3_723_000);
    expect(parseDurationMs("soon")).toBeUndefined();
    expect(parseDurationMs(null)).toBeUndefined();
  });

  it("waits for the reset of the exhausted limit only", () => {
    const headers = new Headers({
      "x-ratelimit-remaining-requests": "12",
      "x-ratelimit-reset-requests": "6m0s",
      "x-ratelimit-remaining-tokens": "0",
      "x-ratelimit-reset-tokens": "850ms",
    });
    expect(rateLimitResetMs(headers)).toBe(850);
    expect(rateLimitResetMs(new Headers())).toBeUndefined();
  });
});
