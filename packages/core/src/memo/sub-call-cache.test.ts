import { describe, expect, it } from "vitest";
import { inMemorySubCallCache, type SubCallCacheEntry } from "./sub-call-cache.js";

const entry = (text: string): SubCallCacheEntry => ({
  text,
  usage: { inputTokens: 10, outputTokens: 2 },
  modelId: "m",
  createdAt: 0,
});

describe("inMemorySubCallCache", () => {
  it("returns what was stored and drops the least recently used past maxEntries", async () => {
    const cache = inMemorySubCallCache({ maxEntries: 2 });
    await cache.set("a", entry("A"));
    await cache.set("b", entry("B"));
    expect((await cache.get("a"))?.text).toBe("A");
    await cache.set("c", entry("C"));
    expect(await cache.get("b")).toBeUndefined();
    expect((await cache.get("a"))?.text).toBe("A");
    expect((await cache.get("c"))?.text).toBe("C");
  });

  it("refuses a maxEntries below 1 with a clear error", () => {
    expect(() => inMemorySubCallCache({ maxEntries: 0 })).toThrow(
      "`maxEntries` must be an integer >= 1, got 0",
    );
  });
});
