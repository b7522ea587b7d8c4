import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

/** Resident memory of a process in MB, from /proc (Linux); undefined elsewhere. */
export async function readRssMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used, from /proc (Linux); undefined elsewhere. */
export async function readCpuSeconds(pid: number): Promise<number | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Total bytes of regular files under a directory. */
export async function directoryBytes(path: string): Promise<number> {
  let total = 0;
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(child);
    else if (entry.isFile())
      total += await stat(child).then(
        (info) => info.size,
        () => 0,
      );
  }
  return total;
}

/**
 * CPU seconds a process may use between cells within each 30 s, however slowly it spends
 * them: an idle session used 0.01 (JavaScript) to 0.11 (Python) CPU-seconds in 20 s.
 */
const IDLE_CPU_BUDGET_SECONDS = 3;
const IDLE_CPU_BUDGET_WINDOW_MS = 30_000;

export interface WatchdogOptions {
  pid: number;
  denoDir: string;
  maxRssMb: number;
  maxDenoDirBytes: number;
  /**
   * True once the runner has reported `started`. Start-up counts as busy: Pyodide loads
   * before that, spending seconds of CPU that are not an escaped loop.
   */
  hasStarted: () => boolean;
  /** True while a cell or a load is running; the idle CPU check applies otherwise. */
  isBusy: () => boolean;
  /** Counts cells and loads started, so one that ran between two polls still ends idleness. */
  busyStarts: () => number;
  onViolation: (reason: string) => void;
}

/**
 * Polls the process: resident memory (the V8 heap flag does not cover ArrayBuffers or WASM),
 * CPU burnt while no cell runs (a busy loop that escaped its cell, e.g. in a nested Worker),
 * and the size of its DENO_DIR (storage APIs that need no write permission).
 */
export function startWatchdog(options: WatchdogOptions): () => void {
  let stopped = false;
  let ticks = 0;
  let idleSince: { cpu: number; at: number } | undefined;
  /** Where the current budget window began (it restarts every 30 s of idleness). */
  let budgetWindow: { cpu: number; at: number } | undefined;
  let seenStarts = 0;
  let running = false;
  const timer = setInterval(async () => {
    if (running || stopped) return;
    running = true;
    try {
      ticks++;
      const rss = await readRssMb(options.pid);
      if (rss !== undefined && rss > options.maxRssMb) {
        return options.onViolation(
          `it used ${Math.round(rss)} MB of memory (limit ${options.maxRssMb} MB)`,
        );
      }
      if (ticks % 5 === 0) {
        const cpu = await readCpuSeconds(options.pid);
        const now = performance.now();
        const starts = options.busyStarts();
        const ranSinceLastPoll = starts !== seenStarts;
        seenStarts = starts;
        if (!options.hasStarted() || options.isBusy() || ranSinceLastPoll || cpu === undefined) {
          idleSince = undefined;
          budgetWindow = undefined;
        } else if (!idleSince) {
          idleSince = { cpu, at: now };
          budgetWindow = { cpu, at: now };
        } else if (budgetWindow && cpu - budgetWindow.cpu > IDLE_CPU_BUDGET_SECONDS) {
          // ARCH: a duty-cycled spin (say 45 ms of every 100) stays under the rate check
          // below; the budget bounds it over a longer window, whatever its rate.
          return options.onViolation(
            `it used ${(cpu - budgetWindow.cpu).toFixed(1)} CPU-seconds within ${IDLE_CPU_BUDGET_WINDOW_MS / 1000} s after its cell ended (limit ${IDLE_CPU_BUDGET_SECONDS})`,
          );
        } else if (now - idleSince.at >= 1500) {
          const rate = (cpu - idleSince.cpu) / ((now - idleSince.at) / 1000);
          if (rate > 0.6) {
            return options.onViolation(
              `it kept using CPU after its cell ended (${rate.toFixed(2)} CPU-s/s)`,
            );
          }
          idleSince = { cpu, at: now };
          if (budgetWindow && now - budgetWindow.at >= IDLE_CPU_BUDGET_WINDOW_MS) {
            budgetWindow = { cpu, at: now };
          }
        }
      }
      if (ticks % 10 === 0) {
        const bytes = await directoryBytes(options.denoDir);
        if (bytes > options.maxDenoDirBytes) {
          return options.onViolation(`it wrote ${bytes} bytes to its cache directory`);
        }
      }
    } finally {
      running = false;
    }
  }, 100);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
