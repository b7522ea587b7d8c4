import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const HOOKS = fileURLToPath(
  new URL("../../../scripts/testing/typescript-source-hooks.mjs", import.meta.url),
);
const SCRIPT = fileURLToPath(new URL("./fixtures/complete-then-exit.ts", import.meta.url));
const cacheDir = mkdtempSync(join(tmpdir(), "rlm-plain-script-"));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

/** Runs the fixture the way a user runs a script: its own Node process, nothing else alive. */
function runScript(...args: string[]) {
  return spawnSync(
    process.execPath,
    ["--import", HOOKS, "--conditions=@rlm/source", SCRIPT, ...args],
    { encoding: "utf8", timeout: 120_000 },
  );
}

// ARCH: vitest keeps its workers' event loops alive, so only a separate process shows whether
// the sandbox holds the host open while a caller awaits it (idle processes are unreferenced).
describe("a plain Node script", () => {
  it("gets its answer and exits 0, also when the first start builds the code cache", () => {
    for (const attempt of ["builds the cache", "uses the cache"]) {
      const result = runScript(cacheDir, "javascript");
      expect(result.stderr, attempt).not.toMatch(/unsettled top-level await/);
      expect({ status: result.status, stdout: result.stdout }, attempt).toEqual({
        status: 0,
        stdout: "answer: 14\n",
      });
    }
  });

  it("gets its answer from Python and exits 0", () => {
    const result = runScript(cacheDir, "python");
    expect(result.stderr).not.toMatch(/unsettled top-level await/);
    expect({ status: result.status, stdout: result.stdout }).toEqual({
      status: 0,
      stdout: "answer: 14\n",
    });
  });
});
