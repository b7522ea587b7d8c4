import { type DenoSandbox, denoSandbox } from "@rlm/sandbox-deno";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  cancelRun,
  DENO_EVERY,
  distribution,
  emptyCancellationRecord,
} from "./support/cancellation-runs.js";
import {
  activeResources,
  denoChildrenAfter,
  formatFailures,
  resourcesAbove,
  runAll,
  runSeeds,
  trackUnhandled,
} from "./support/harness.js";

/**
 * 100 runs aborted at a random moment (see `cancelRun`): each must stop its requests and
 * sandboxes. How fast they stop is the benchmark's figure, not this suite's: on a machine
 * busy with other work any bound would fail for reasons that are not the code's.
 */

const RUNS = 100;
const record = emptyCancellationRecord();

let deno: DenoSandbox;
let unhandled: ReturnType<typeof trackUnhandled>;
let baseline: Record<string, number>;
beforeAll(() => {
  baseline = activeResources();
  unhandled = trackUnhandled();
  // No warm processes: every Deno process alive during a run belongs to one of its sessions.
  deno = denoSandbox({ warmSessions: 0 });
});
afterAll(async () => {
  await deno.close();
  unhandled.stop();
});

it(`${RUNS} runs aborted at a random moment stop their requests and sandboxes`, async ({
  signal,
}) => {
  // One run at a time, so the processes and requests alive after an abort are that run's.
  const failures = await runAll({
    seeds: runSeeds(RUNS, 10_000),
    concurrency: 1,
    run: (seed) => cancelRun({ seed, deno, record }),
    abortSignal: signal,
  });
  const { latencies, stats } = record;
  const figures = {
    rejection: distribution(latencies.rejection),
    requests: distribution(latencies.requests),
    processes: distribution(latencies.processes),
    processesStarting: distribution(latencies.processesStarting),
  };
  console.log("cancellation:", JSON.stringify(stats), JSON.stringify(figures));
  expect(formatFailures(failures)).toBe("no failures");
  expect(unhandled.problems).toEqual([]);
  if (runSeeds(RUNS, 10_000).length === RUNS) {
    // Most runs were really cut short, with requests and processes in flight.
    expect(stats.aborted).toBeGreaterThanOrEqual(RUNS * 0.9);
    expect(stats.callsInFlightAtStop).toBeGreaterThan(RUNS);
    expect(stats.processesAtAbort).toBeGreaterThan(RUNS / DENO_EVERY);
  }
});

it("leaves no Deno process and no open handle behind", async () => {
  await deno.close();
  expect(await denoChildrenAfter()).toEqual([]);
  expect(await resourcesAbove(baseline)).toEqual({});
});
