import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SubCallCacheEntry } from "../memo/sub-call-cache.js";
import { sqliteSubCallCache } from "./sqlite-sub-call-cache.js";

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
function databasePath(): string {
  const folder = mkdtempSync(join(tmpdir(), "rlm-subcall-cache-"));
  folders.push(folder);
  return join(folder, "nested", "subcalls.db");
}

const entry: SubCallCacheEntry = {
  text: "a reply",
  usage: { inputTokens: 12, outputTokens: 3 },
  costUsd: 0.0001,
  modelId: "gpt-5-mini-2025",
  finishReason: "stop",
  createdAt: 1_000,
};

describe("sqliteSubCallCache", () => {
  it("keeps entries in the file across opens", () => {
    const path = databasePath();
    const first = sqliteSubCallCache({ path });
    expect(first.get("k")).toBeUndefined();
    first.set("k", entry);
    first.close();
    const second = sqliteSubCallCache({ path });
    expect(second.get("k")).toEqual(entry);
    second.close();
  });

  it("stops reusing an entry older than ttlMs, by its own clock", () => {
    let now = 50_000;
    const cache = sqliteSubCallCache({ path: databasePath(), ttlMs: 1_000, now: () => now });
    cache.set("k", entry);
    now += 1_000;
    expect(cache.get("k")?.text).toBe("a reply");
    now += 1;
    expect(cache.get("k")).toBeUndefined();
    now -= 1;
    // Expired entries are deleted when read, not merely hidden.
    expect(cache.get("k")).toBeUndefined();
    cache.close();
  });

  it("refuses a bad ttlMs or a path it cannot open, saying which", () => {
    expect(() => sqliteSubCallCache({ path: databasePath(), ttlMs: 0 })).toThrow(
      "`ttlMs` must be a positive number, got 0",
    );
    const folder = mkdtempSync(join(tmpdir(), "rlm-subcall-cache-"));
    folders.push(folder);
    expect(() => sqliteSubCallCache({ path: folder })).toThrow(
      `cannot open ${folder} as a SQLite database`,
    );
  });
});
