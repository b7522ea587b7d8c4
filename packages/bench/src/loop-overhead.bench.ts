import { createRLM } from "@rlm/core";
import { denoSandbox } from "@rlm/sandbox-deno";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  benchProvider,
  type ScriptedServer,
  startScriptedServer,
} from "./support/scripted-server.js";
import { benchRuns, median, report, spread, verdict } from "./support/statistics.js";
import { runTimes } from "./support/trajectory-times.js";

/**
 * Loop overhead: a 30-iteration run whose root model answers instantly through its local
 * server. What is left of the wall time once the model calls are taken out is the host's
 * work per iteration: prompt building, parsing the reply, the sandbox cell round trip,
 * events and bookkeeping.
 */
const ITERATIONS = 30;
const TARGET_MS = 2;

let root: ScriptedServer;
const sandbox = denoSandbox();

beforeAll(async () => {
  root = await startScriptedServer({
    provider: benchProvider(),
    script: { name: "loop-root", params: { iterations: ITERATIONS } },
  });
});

afterAll(async () => {
  await sandbox.close();
  await root?.close();
});

async function oneRun() {
  const rlm = createRLM({ model: root.model, sandbox, maxIterations: ITERATIONS });
  const started = performance.now();
  const result = await rlm.complete({ context: "a short context", query: "Count the steps." });
  const wallMs = performance.now() - started;
  expect(result.iterations).toBe(ITERATIONS);
  expect(result.answer).toBe(`done after ${"a short context".length + ITERATIONS - 1}`);
  const times = runTimes(result.trajectory);
  return {
    wallMs,
    hostMs: wallMs - times.rootModelMs,
    cellMs: times.cellMs,
    modelMs: times.rootModelMs,
  };
}

it(`loop overhead over ${ITERATIONS} iterations`, async () => {
  for (let warmUp = 0; warmUp < 3; warmUp++) await oneRun();
  const runs: Awaited<ReturnType<typeof oneRun>>[] = [];
  for (let run = 0; run < benchRuns(15); run++) runs.push(await oneRun());
  const perIteration = (pick: (run: (typeof runs)[number]) => number) =>
    runs.map((run) => pick(run) / ITERATIONS);
  const host = perIteration((run) => run.hostMs);
  report(`Loop overhead (${benchProvider()}, Deno sandbox, ${ITERATIONS} iterations)`, [
    `run wall time: ${spread(runs.map((run) => run.wallMs))}`,
    `model time per iteration: ${spread(
      perIteration((run) => run.modelMs),
      "ms",
      2,
    )}`,
    `host time per iteration (wall - model): ${spread(host, "ms", 2)}; target <= ${TARGET_MS} ms: ${verdict(median(host), TARGET_MS)}`,
    `  of which the sandbox cell round trip: ${spread(
      perIteration((run) => run.cellMs),
      "ms",
      2,
    )}`,
    `  of which the loop itself: ${spread(
      perIteration((run) => run.hostMs - run.cellMs),
      "ms",
      2,
    )}`,
  ]);
});
