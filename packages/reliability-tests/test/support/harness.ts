import { denoChildPids } from "@rlm/sandbox-deno/testing";
import { baseSeed } from "./random.js";

/** One failed generated run: its seed and what went wrong. */
export interface RunFailure {
  seed: number;
  problem: string;
}

/**
 * The seeds of a suite's runs: `count` consecutive seeds from the base seed, or only
 * `RLM_RELIABILITY_RUN` when it is set (to replay one failure).
 */
export function runSeeds(count: number, offset: number): number[] {
  const only = Number.parseInt(process.env.RLM_RELIABILITY_RUN ?? "", 10);
  if (Number.isFinite(only)) return [only];
  const base = baseSeed() + offset;
  return Array.from({ length: count }, (_, index) => base + index);
}

/**
 * Runs `run` once per seed, `concurrency` at a time, and collects every failure with its
 * seed instead of stopping at the first. Once `abortSignal` fires (the test's own signal,
 * when it times out) no new run starts, so the runs of a test that timed out do not go on
 * beside the next test.
 */
export async function runAll(options: {
  seeds: readonly number[];
  concurrency: number;
  run: (seed: number) => Promise<void>;
  abortSignal?: AbortSignal;
}): Promise<RunFailure[]> {
  const failures: RunFailure[] = [];
  const queue = [...options.seeds];
  const next = () => (options.abortSignal?.aborted ? undefined : queue.shift());
  const worker = async () => {
    for (let seed = next(); seed !== undefined; seed = next()) {
      try {
        await options.run(seed);
      } catch (error) {
        failures.push({ seed, problem: describe(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return failures.sort((a, b) => a.seed - b.seed);
}

/** A failure list for an assertion message, with how to replay the first. */
export function formatFailures(failures: readonly RunFailure[]): string {
  if (failures.length === 0) return "no failures";
  const lines = failures.slice(0, 20).map((failure) => `seed ${failure.seed}: ${failure.problem}`);
  const first = failures[0]?.seed;
  return `${failures.length} failed run(s); replay one with RLM_RELIABILITY_RUN=${first}\n${lines.join("\n")}`;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2_000);
  return String(error).slice(0, 2_000);
}

/** Rejects with `message` when `promise` has not settled within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `condition` every millisecond or so and returns how long it took to hold, measured
 * from `since` (a `performance.now()` value); rejects after `timeoutMs`.
 */
export async function msUntil(options: {
  condition: () => boolean;
  since: number;
  timeoutMs: number;
  what: string;
}): Promise<number> {
  const { condition, since, timeoutMs, what } = options;
  while (!condition()) {
    if (performance.now() - since > timeoutMs) {
      throw new Error(`${what} did not happen within ${timeoutMs} ms.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return performance.now() - since;
}

/**
 * Waits up to `timeoutMs` for this process to have no Deno child and returns the pids still
 * alive then. A session that was still starting when its run stopped is closed as soon as it
 * has started, so it may outlive the run by about one process start, which takes seconds on
 * a busy machine: the default wait only catches processes that never exit.
 */
export async function denoChildrenAfter(timeoutMs = 60_000): Promise<number[]> {
  const deadline = performance.now() + timeoutMs;
  while (denoChildPids().length > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return denoChildPids();
}

/** Records unhandled rejections and uncaught exceptions while a suite runs. */
export function trackUnhandled(): { problems: string[]; stop(): void } {
  const problems: string[] = [];
  const onRejection = (reason: unknown) =>
    problems.push(`unhandled rejection: ${describe(reason)}`);
  const onException = (error: unknown) => problems.push(`uncaught exception: ${describe(error)}`);
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  return {
    problems,
    stop() {
      process.off("unhandledRejection", onRejection);
      process.off("uncaughtException", onException);
    },
  };
}

/** Counts of `process.getActiveResourcesInfo()` by type. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/**
 * Resource types of which more are active now than in `baseline`, after waiting up to
 * `settleMs` for sockets and timers that are already closing (the default only catches
 * handles that never close, also on a busy machine).
 */
export async function resourcesAbove(
  baseline: Record<string, number>,
  settleMs = 30_000,
): Promise<Record<string, number>> {
  const deadline = performance.now() + settleMs;
  for (;;) {
    const extra: Record<string, number> = {};
    for (const [type, count] of Object.entries(activeResources())) {
      const above = count - (baseline[type] ?? 0);
      if (above > 0) extra[type] = above;
    }
    if (Object.keys(extra).length === 0 || performance.now() > deadline) return extra;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
