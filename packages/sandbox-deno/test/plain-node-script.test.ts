import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const HOOKS = fileURLToPath(
  new URL("../../../scripts/testing/typescript-source-hooks.mjs", import.meta.url),
);
const SCRIPT = fileURLToPath(new URL("./fixtures/complete-then-exit.ts", import.meta.url));
const INHERITED_FD_SCRIPT = fileURLToPath(
  new URL("./fixtures/read-inherited-descriptor.ts", import.meta.url),
);
const cacheDir = mkdtempSync(join(tmpdir(), "rlm-plain-script-"));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

/**
 * Runs the fixture the way a user runs a script: its own Node process, nothing else alive,
 * with a temporary directory of its own, returned as `leftovers` once it has exited.
 */
function runScript(...args: string[]) {
  const scratch = mkdtempSync(join(tmpdir(), "rlm-plain-script-tmp-"));
  try {
    const result = spawnSync(
      process.execPath,
      ["--import", HOOKS, "--conditions=@rlm/source", SCRIPT, ...args],
      { encoding: "utf8", timeout: 120_000, env: { ...process.env, TMPDIR: scratch } },
    );
    return { ...result, leftovers: readdirSync(scratch) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ARCH: vitest keeps its workers' event loops alive, so only a separate process shows whether
// the sandbox holds the host open while a caller awaits it (idle processes are unreferenced).
describe("a plain Node script", () => {
  it("gets its answer, exits 0 and leaves no files, also when it builds the code cache", () => {
    for (const attempt of ["builds the cache", "uses the cache"]) {
      const result = runScript(cacheDir, "javascript");
      expect(result.stderr, attempt).not.toMatch(/unsettled top-level await/);
      // The script never closes its sandbox: the warm processes' folders go with the host.
      expect(
        { status: result.status, stdout: result.stdout, leftovers: result.leftovers },
        attempt,
      ).toEqual({ status: 0, stdout: "answer: 14\n", leftovers: [] });
    }
  });

  it("gets its answer from Python, exits 0 and leaves no files", () => {
    const result = runScript(cacheDir, "python");
    expect(result.stderr).not.toMatch(/unsettled top-level await/);
    expect({
      status: result.status,
      stdout: result.stdout,
      leftovers: result.leftovers,
    }).toEqual({ status: 0, stdout: "answer: 14\n", leftovers: [] });
  });

  it("does not hand the sandbox a descriptor the host inherited", () => {
    // fd 201 of the host is a pipe from the shell that started it, without close-on-exec.
    const script = `exec "$0" --import "$1" --conditions=@rlm/source "$2" 201< <(echo TOPSECRET-canary)`;
    const result = spawnSync("bash", ["-c", script, process.execPath, HOOKS, INHERITED_FD_SCRIPT], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("read: ");
    expect(result.stdout).not.toContain("TOPSECRET");
  });
});
