import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { waitUntil } from "../test/helpers.js";
import { readCpuSeconds, startWatchdog } from "./process-watchdog.js";

/** A process spinning on one core, as a Pyodide start does for seconds. */
function spinner() {
  const child = spawn(process.execPath, ["-e", "for(;;);"], { stdio: "ignore" });
  const pid = child.pid ?? -1;
  return { pid, kill: () => child.kill("SIGKILL") };
}

/** Waits until the process has used `seconds` of CPU since it started: load makes this slow, never wrong. */
function cpuReaches(pid: number, seconds: number) {
  return waitUntil(async () => ((await readCpuSeconds(pid)) ?? 0) >= seconds, {
    what: `${seconds} CPU-seconds used`,
  });
}

describe.runIf(process.platform === "linux")("the idle CPU watchdog", () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  function watch(state: { started: boolean }) {
    const spinning = spinner();
    const denoDir = mkdtempSync(join(tmpdir(), "rlm-watchdog-"));
    const violations: string[] = [];
    const stop = startWatchdog({
      pid: spinning.pid,
      denoDir,
      maxRssMb: 4096,
      maxDenoDirBytes: 1e9,
      hasStarted: () => state.started,
      isBusy: () => false,
      busyStarts: () => 0,
      onViolation: (reason) => violations.push(reason),
    });
    cleanups.push(stop, spinning.kill, () => rmSync(denoDir, { recursive: true, force: true }));
    return { pid: spinning.pid, violations };
  }

  it("counts start-up as busy, then stops a process spinning once it has started", async () => {
    const state = { started: false };
    const { pid, violations } = watch(state);
    // Past both idle checks: more than 0.6 CPU-s/s over 1.5 s, and the 3 CPU-second budget.
    await cpuReaches(pid, 4.5);
    expect(violations).toEqual([]);

    state.started = true;
    await waitUntil(() => violations.length > 0, { what: "a violation" });
    expect(violations[0]).toMatch(/kept using CPU after its cell ended|CPU-seconds within 30 s/);
  }, 120_000);
});
