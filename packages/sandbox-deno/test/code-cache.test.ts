import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pruneStaleCaches } from "../src/cache-pruning.js";
import { ensureCodeCache } from "../src/code-cache.js";
import { DenoProcess, type DenoProcessOptions } from "../src/deno-process.js";
import { ensurePythonSnapshot, pyodideDirectory } from "../src/python-snapshot.js";
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

  it("removes code caches and Python snapshots unused for 30 days, and nothing else", () => {
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
      make("pyodide-313.0.0.snapshot", 60);
      make("pyodide-314.0.7.snapshot.99.100.tmp", 40);
      make("pyodide-314.0.7.snapshot", 10);
      make("deno-dir", 90);
      make("someone-elses-file", 90);
      pruneStaleCaches(dir, now);
      expect(readdirSync(dir).sort()).toEqual([
        "deno-code-cache-recent",
        "deno-dir",
        "pyodide-314.0.7.snapshot",
        "someone-elses-file",
      ]);
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

  it("marks a Python snapshot as used each time a sandbox takes it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rlm-snapshot-used-"));
    try {
      const version = JSON.parse(
        readFileSync(join(pyodideDirectory(), "package.json"), "utf8"),
      ).version;
      const snapshot = join(dir, `pyodide-${version}.snapshot`);
      writeFileSync(snapshot, "");
      const old = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000);
      utimesSync(snapshot, old, old);
      expect(await ensurePythonSnapshot({ denoPath: options.denoPath, cacheDir: dir })).toBe(
        snapshot,
      );
      expect(Date.now() - statSync(snapshot).mtimeMs).toBeLessThan(60_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
