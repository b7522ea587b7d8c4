import { simulated } from "@rlm/cli";
import { createRLM } from "@rlm/core";
import { generateSniah, parseTokenCount, scoreSniah } from "@rlm/evals";
import { denoSandbox } from "@rlm/sandbox-deno";
import { afterAll, expect, it } from "vitest";
import { peakRssMb, resetPeakRss, watchDenoPeaks } from "./support/process-memory.js";
import { benchRuns, median, report, spread } from "./support/statistics.js";

/**
 * Scale: S-NIAH (one needle in a generated document) end to end through the Deno sandbox
 * with the offline simulated provider (`@rlm/cli`'s `simulated`), whose root model writes
 * real REPL code and whose sub-model really reads each chunk it is sent. Per size: wall
 * time, the peak RSS of the host and of the sandbox process, and the root model's input
 * tokens per call, which must not grow with the context (it never sees the context).
 */
const SIZES = (process.env.BENCH_SCALE_TOKENS ?? "1m,16m,64m").split(",");
const sandbox = denoSandbox();

afterAll(async () => {
  await sandbox.close();
});

interface ScaleRun {
  wallMs: number;
  hostPeakMb: number;
  sandboxPeakMb: number;
  rootInputTokens: number[];
  subCalls: number;
}

async function oneRun(tokens: number, seed: number): Promise<ScaleRun & { baselineMb: number }> {
  const task = generateSniah({ seed, tokens });
  const rlm = createRLM({ model: simulated("root"), subModel: simulated("sub"), sandbox });
  // Earlier runs' contexts must not count: collect them (the config passes --expose-gc).
  if (!globalThis.gc) throw new Error("Run with --expose-gc (vitest.bench.config.ts does).");
  globalThis.gc();
  const baselineMb = process.memoryUsage().rss / 2 ** 20;
  resetPeakRss();
  const sandboxPeaks = watchDenoPeaks();
  const started = performance.now();
  const result = await rlm.complete({ context: task.context, query: task.query });
  const wallMs = performance.now() - started;
  const peaks = sandboxPeaks.stop();
  expect(scoreSniah(result.answer, task.answer), `seed ${seed}: ${result.answer}`).toBe(1);
  // Every chunk was read: a failed sub-call could hide the needle and still score by luck.
  const failed = result.trajectory.filter((event) => event.type === "subcall-end" && event.error);
  expect(failed, `seed ${seed}: ${failed.length} sub-calls failed`).toHaveLength(0);
  const rootInputTokens = result.trajectory.flatMap((event) =>
    event.type === "model-call-end" && event.tier === "root" ? [event.usage.inputTokens ?? 0] : [],
  );
  return {
    wallMs,
    baselineMb,
    hostPeakMb: peakRssMb() ?? Number.NaN,
    sandboxPeakMb: Math.max(...peaks.values()),
    rootInputTokens,
    subCalls: result.subCalls,
  };
}

it(`scale: S-NIAH at ${SIZES.join(", ")} tokens`, async () => {
  const lines: string[] = [];
  const rootTokens = new Map<string, number>();
  for (const size of SIZES) {
    const tokens = parseTokenCount(size);
    const runs: Awaited<ReturnType<typeof oneRun>>[] = [];
    for (let run = 0; run < benchRuns(3); run++) runs.push(await oneRun(tokens, 100 + run));
    const roots = runs.flatMap((run) => run.rootInputTokens);
    rootTokens.set(size, Math.max(...roots));
    const mb = (pick: (run: (typeof runs)[number]) => number) => spread(runs.map(pick), "MB", 0);
    lines.push(
      `${size} tokens (${(tokens * 4).toLocaleString("en-US")} characters), ${runs[0]?.subCalls} sub-calls:`,
      `  wall time: ${spread(
        runs.map((run) => run.wallMs / 1000),
        "s",
        2,
      )}`,
      `  host peak RSS: ${mb((run) => run.hostPeakMb)} (before the run, context generated: ${mb((run) => run.baselineMb)})`,
      `  sandbox peak RSS: ${mb((run) => run.sandboxPeakMb)}`,
      `  root input tokens per call: ${roots.length / runs.length} calls per run, max ${Math.max(...roots)}, median ${median(roots)}`,
    );
  }
  const smallest = rootTokens.get(SIZES[0] as string) as number;
  const largest = rootTokens.get(SIZES.at(-1) as string) as number;
  lines.push(
    `root input tokens per call, largest vs smallest context: ${largest} vs ${smallest} (${(largest / smallest).toFixed(3)}x)`,
  );
  report("Scale (simulated provider, Deno sandbox)", lines);
  // The root model sees metadata only: its prompts may differ by a few digits, never by the context.
  expect(largest / smallest).toBeLessThan(1.05);
});
