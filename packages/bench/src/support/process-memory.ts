import { readFileSync, writeFileSync } from "node:fs";
import { denoChildPids } from "@rlm/sandbox-deno/testing";
import { denoChildrenCpu } from "./process-cpu.js";

/**
 * Peak resident memory from Linux's /proc: `VmHWM` is the high-water mark of a process's
 * RSS, and writing 5 to its `clear_refs` resets it, so each measurement starts from now.
 */

/** The process's peak RSS in MB, or undefined when it is gone. */
export function peakRssMb(pid: number = process.pid): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the peak RSS of `pid` over from its current RSS. */
export function resetPeakRss(pid: number = process.pid): void {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}

/**
 * Samples the peak RSS of every Deno child every `intervalMs` until stopped, keeping each
 * process's highest reading (a process may exit before the end, so sampling is needed).
 */
export function watchDenoPeaks(intervalMs = 50): { stop(): Map<number, number> } {
  const peaks = new Map<number, number>();
  const sample = () => {
    for (const pid of denoChildPids()) {
      const peak = peakRssMb(pid);
      if (peak !== undefined) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, peak));
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}

/**
 * Waits until at least `count` Deno children are alive and none of them has used CPU for
 * `quietMs`: a warm pool that has finished starting its processes.
 */
export async function waitForIdleDenoChildren(options: {
  count: number;
  quietMs?: number;
  timeoutMs?: number;
}): Promise<void> {
  const { count, quietMs = 300, timeoutMs = 120_000 } = options;
  const deadline = performance.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const children = denoChildrenCpu();
    const alive = children.size;
    const cpuMs = [...children.values()].reduce((sum, child) => sum + child.cpuMs, 0);
    if (alive >= count && cpuMs === last) return;
    if (performance.now() > deadline) {
      throw new Error(`The Deno pool did not settle: ${alive} of ${count} processes alive.`);
    }
    last = cpuMs;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}
