import { readFileSync } from "node:fs";
import { denoChildPids } from "@rlm/sandbox-deno/testing";

/** Linux's clock tick, in which /proc reports CPU and start times (`getconf CLK_TCK`). */
const TICK_MS = 10;

/** One Deno child as /proc sees it. */
export interface DenoChildCpu {
  /** User + system CPU time so far. */
  cpuMs: number;
  /** When it started, in milliseconds since boot (10 ms resolution). */
  startedAtBootMs: number;
  /** Read and write system calls so far (all its threads; pipes, event fds, files). */
  syscalls: SystemCalls;
}

export interface SystemCalls {
  reads: number;
  writes: number;
}

/** The read and write system calls `pid` (default: this process) has made, from /proc. */
export function systemCalls(pid: number | "self" = "self"): SystemCalls {
  const io = readFileSync(`/proc/${pid}/io`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)`, "m").exec(io)?.[1]);
  return { reads: field("syscr"), writes: field("syscw") };
}

/** Every live Deno child of this process by pid, or those of `pids` still alive. */
export function denoChildrenCpu(
  pids: Iterable<number> = denoChildPids(),
): Map<number, DenoChildCpu> {
  const children = new Map<number, DenoChildCpu>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields 14, 15 and 22 of stat (utime, stime, starttime) are 11, 12 and 19 after the command.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      children.set(pid, {
        cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
        startedAtBootMs: Number(fields[19]) * TICK_MS,
        syscalls: systemCalls(pid),
      });
    } catch {
      // exited while we looked
    }
  }
  return children;
}

/** CPU the Deno children used between two readings; a child new in `after` counts whole. */
export function denoCpuSpentMs(
  before: ReadonlyMap<number, DenoChildCpu>,
  after: ReadonlyMap<number, DenoChildCpu>,
): number {
  let spent = 0;
  for (const [pid, child] of after) spent += child.cpuMs - (before.get(pid)?.cpuMs ?? 0);
  return spent;
}

/** System calls the Deno children made between two readings; a child new in `after` counts whole. */
export function denoSystemCallsBetween(
  before: ReadonlyMap<number, DenoChildCpu>,
  after: ReadonlyMap<number, DenoChildCpu>,
): SystemCalls {
  const calls = { reads: 0, writes: 0 };
  for (const [pid, child] of after) {
    calls.reads += child.syscalls.reads - (before.get(pid)?.syscalls.reads ?? 0);
    calls.writes += child.syscalls.writes - (before.get(pid)?.syscalls.writes ?? 0);
  }
  return calls;
}

/** `performance.now()` as milliseconds since boot, the clock of /proc's start times. */
export function bootClock(): (now: number) => number {
  const uptimeMs = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]) * 1000;
  const offset = uptimeMs - performance.now();
  return (now) => now + offset;
}

/**
 * Deno children that started between `fromMs` and `toMs` (`performance.now()` times). Start
 * times and the boot clock both have /proc's 10 ms resolution, so a start within two ticks
 * of either end is left out rather than guessed at.
 */
export function denoChildrenStartedBetween(
  children: ReadonlyMap<number, DenoChildCpu>,
  fromMs: number,
  toMs: number,
): number {
  const toBoot = bootClock();
  const from = toBoot(fromMs) + 2 * TICK_MS;
  const to = toBoot(toMs) - 2 * TICK_MS;
  let started = 0;
  for (const child of children.values()) {
    if (child.startedAtBootMs >= from && child.startedAtBootMs <= to) started++;
  }
  return started;
}
