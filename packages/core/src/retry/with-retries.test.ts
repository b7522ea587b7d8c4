import { describe, expect, it } from "vitest";
import { ProviderError, parseRetryAfterMs } from "../errors/provider-error.js";
import { retryDelayMs, withRetries } from "./with-retries.js";

const policy = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 1000 };
const rateLimit = (retryAfterMs?: number) =>
  new ProviderError({
    kind: "rate-limit",
    provider: "test",
    message: "slow down",
    status: 429,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });

describe("withRetries", () => {
  it("retries retryable errors up to the limit, then throws the last one", async () => {
    let attempts = 0;
    await expect(
      withRetries({
        policy,
        attempt: async () => {
          attempts++;
          throw rateLimit();
        },
      }),
    ).rejects.toThrow("slow down");
    expect(attempts).toBe(3);
  });

  it("does not retry errors that are not retryable", async () => {
    let attempts = 0;
    const auth = new ProviderError({ kind: "authentication", provider: "t", message: "no" });
    await expect(
      withRetries({
        policy,
        attempt: async () => {
          attempts++;
          throw auth;
        },
      }),
    ).rejects.toBe(auth);
    expect(attempts).toBe(1);
  });

  it("honours retry-after", async () => {
    const started = Date.now();
    let attempts = 0;
    const value = await withRetries({
      policy,
      attempt: async () => {
        if (++attempts === 1) throw rateLimit(120);
        return "ok";
      },
    });
    expect(value).toBe("ok");
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it("backs off exponentially with jitter, capped", () => {
    const error = rateLimit();
    const base = { policy: { maxRetries: 9, initialDelayMs: 100, maxDelayMs: 1000 }, error };
    expect(retryDelayMs({ ...base, retry: 1, random: () => 0 })).toBe(50);
    expect(retryDelayMs({ ...base, retry: 3, random: () => 1 })).toBe(400);
    expect(retryDelayMs({ ...base, retry: 10, random: () => 1 })).toBe(1000);
    expect(retryDelayMs({ ...base, retry: 1, error: rateLimit(5000) })).toBe(1000);
  });

  it("parses retry-after headers in every form", () => {
    const headers = (entries: Record<string, string>) => new Headers(entries);
    expect(parseRetryAfterMs(headers({ "retry-after-ms": "250" }))).toBe(250);
    expect(parseRetryAfterMs(headers({ "retry-after": "2" }))).toBe(2000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(
      parseRetryAfterMs(headers({ "retry-after": "Thu, 01 Jan 2026 00:00:03 GMT" }), now),
    ).toBe(3000);
    expect(parseRetryAfterMs(headers({}))).toBeUndefined();
  });

  it("stops waiting when aborted", async () => {
    const controller = new AbortController();
    const running = withRetries({
      policy: { maxRetries: 3, initialDelayMs: 10_000, maxDelayMs: 10_000 },
      abortSignal: controller.signal,
      attempt: async () => {
        throw rateLimit();
      },
    });
    setTimeout(() => controller.abort(new Error("aborted")), 10);
    await expect(running).rejects.toThrow("aborted");
  });
});
