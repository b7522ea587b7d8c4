import { readdirSync, readFileSync } from "node:fs";

/**
 * Pids of this process's live child processes whose command is `deno`, read from /proc
 * (Linux; elsewhere an empty list). For tests that assert no sandbox outlived its session.
 */
export function denoChildPids(): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    // pid (comm) state ppid ...; comm may hold spaces and parentheses, so split at the last ')'.
    const close = stat.lastIndexOf(")");
    const command = stat.slice(stat.indexOf("(") + 1, close);
    const [state, parent] = stat.slice(close + 2).split(" ");
    if (command === "deno" && Number(parent) === process.pid && state !== "Z") {
      pids.push(Number(entry));
    }
  }
  return pids;
}

/**
 * Pids of this process's live Deno children that were not in `before` (an earlier
 * `denoChildPids()`): the processes a test started itself, not those an earlier test is
 * still reaping, so a check for leftovers does not fail for another test's.
 */
export function denoChildPidsSince(before: readonly number[]): number[] {
  const earlier = new Set(before);
  return denoChildPids().filter((pid) => !earlier.has(pid));
}
