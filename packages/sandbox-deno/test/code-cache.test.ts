import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureCodeCache, pruneStaleCodeCaches } from "../src/code-cache.js";
import { DenoProcess, type DenoProcessOptions } from "../src/deno-process.js";
import { resolveDenoPath } from "../src/resolve-deno-path.js";

const cacheDir = mkdtempSync(join(tmpdir(), "rlm-code-cache-test-"));
const options: DenoProcessOptions = {
  denoPath: resolveDenoPath(),
  language: "javascript",
  heapMb: 256,
  maxRssMb: 1024,
  maxRawOutputBytes: 1024 * 1024,
  maxDenoDirBytes: 64 * 1024 * 1024,
  maxOutputChars: 1000,
};

describe("the code cache", () => {
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it("is built once from a trusted start, and each process gets its own copy", async () => {
    const template = await ensureCodeCache({ cacheDir, process: options });
    expect(template).toBeDefined();
    const directory = template as string;
    expect(readdirSync(directory)).toContain("v8_code_cache_v2");
    expect(await ensureCodeCache({ cacheDir, process: options })).toBe(directory);
    const before = statSync(join(directory, "v8_code_cache_v2"));

    const child = new DenoProcess({ ...options, denoDirSeed: directory });
    try {
      await child.waitFor("started", { timeoutMs: 30_000 });
      const copy = statSync(join(child.files.denoDir, "v8_code_cache_v2"));
      // A copy, never a link: what the sandbox writes into its caches stays in it.
      expect(copy.ino).not.toBe(before.ino);
    } finally {
      await child.dispose();
    }
    const after = statSync(join(directory, "v8_code_cache_v2"));
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
  });

  it("is keyed by what the cached code depends on", async () => {
    const other = await ensureCodeCache({ cacheDir, process: { ...options, heapMb: 300 } });
    expect(other).toBeDefined();
    expect(other).not.toBe(await ensureCodeCache({ cacheDir, process: options }));
  });

  it("removes caches unused for 30 days, and nothing else", () => {
    const dir = mkdtempSync(join(tmpdir(), "rlm-code-cache-prune-"));
    try {
      const day = 24 * 60 * 60 * 1000;
      const now = Date.now();
      const make = (name: string, ageDays: number) => {
        mkdirSync(join(dir, name));
        const time = new Date(now - ageDays * day);
        utimesSync(join(dir, name), time, time);
      };
      make("deno-code-cache-old", 45);
      make("deno-code-cache-old.123.456.tmp", 31);
      make("deno-code-cache-recent", 3);
      make("python-snapshot-old", 90);
      pruneStaleCodeCaches(dir, now);
      expect(readdirSync(dir).sort()).toEqual(["deno-code-cache-recent", "python-snapshot-old"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("marks a cache as used each time a sandbox takes it", async () => {
    const directory = (await ensureCodeCache({ cacheDir, process: options })) as string;
    const old = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000);
    utimesSync(directory, old, old);
    expect(await ensureCodeCache({ cacheDir, process: options })).toBe(directory);
    expect(Date.now() - statSync(directory).mtimeMs).toBeLessThan(60_000);
  });
});
