import { denoSandbox } from "@rlm/sandbox-deno";
import { afterAll, expect, it } from "vitest";
import {
  cancelRun,
  distribution,
  emptyCancellationRecord,
} from "../test/support/cancellation-runs.js";
import { formatFailures, runAll, runSeeds } from "../test/support/harness.js";

/**
 * How fast a cancelled run stops: the reliability suite's 100 cancelled runs (the same
 * seeds), timed from `abort()` (or from leaving `stream()`) to the run's rejection, to the
 * servers seeing every request closed and to every Deno process gone. The target is 200 ms
 * at the 95th percentile for each.
 */
const RUNS = 100;
const TARGET_P95_MS = 200;

const deno = denoSandbox({ warmSessions: 0 });
afterAll(async () => {
  await deno.close();
});

it(`cancellation: ${RUNS} runs stopped at a random point`, async () => {
  const record = emptyCancellationRecord();
  const failures = await runAll({
    seeds: runSeeds(RUNS, 10_000),
    concurrency: 1,
    run: (seed) => cancelRun({ seed, deno, record }),
  });
  expect(formatFailures(failures)).toBe("no failures");
  const { latencies, stats } = record;
  const rows: [string, number[]][] = [
    ["rejection", latencies.rejection],
    ["requests closed", latencies.requests],
    ["Deno processes gone (all running at the stop)", latencies.processes],
    ["Deno processes gone (one still starting at the stop)", latencies.processesStarting],
  ];
  const lines = rows
    .filter(([, values]) => values.length > 0)
    .map(([name, values]) => {
      const { count, p50, p95, max } = distribution(values);
      const verdict = name.includes("starting") ? "" : p95 <= TARGET_P95_MS ? "  met" : "  MISSED";
      return `  ${name}: p50 ${p50} ms, p95 ${p95} ms, max ${max} ms (n ${count})${verdict}`;
    });
  console.log(
    [
      `\n## cancellation (target: p95 <= ${TARGET_P95_MS} ms)`,
      ...lines,
      `  runs: ${JSON.stringify(stats)}`,
    ].join("\n"),
  );
});
