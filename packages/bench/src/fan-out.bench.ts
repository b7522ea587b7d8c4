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
 * Fan-out: one cell sends 1,000 `llm_query` prompts at once; the sub-model answers each
 * after a simulated latency and at most `maxConcurrency` requests are in flight. The ideal
 * is `calls / concurrency` rounds of one latency each; the figure is the cell's wall time
 * as a ratio to that ideal.
 */
const CALLS = 1_000;
const CONCURRENCY = 50;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const IDEAL_MS = (CALLS / CONCURRENCY) * LATENCY_MS;
const TARGET_RATIO = 1.15;

let root: ScriptedServer;
let sub: ScriptedServer;
const sandbox = denoSandbox();

beforeAll(async () => {
  const provider = benchProvider();
  root = await startScriptedServer({
    provider,
    script: { name: "fan-out-root", params: { calls: CALLS } },
  });
  sub = await startScriptedServer({
    provider,
    script: { name: "sub-summary", params: { latencyMs: LATENCY_MS } },
  });
});

afterAll(async () => {
  await sandbox.close();
  await Promise.all([root?.close(), sub?.close()]);
});

async function oneRun() {
  const rlm = createRLM({
    model: root.model,
    subModel: sub.model,
    sandbox,
    limits: { maxConcurrency: CONCURRENCY },
  });
  const started = performance.now();
  const result = await rlm.complete({
    context: "lorem ipsum dolor sit amet ".repeat(200),
    query: "Summarise every part.",
  });
  const wallMs = performance.now() - started;
  expect(result.answer).toBe(String(CALLS));
  expect(result.subCalls).toBe(CALLS);
  const [cellMs] = runTimes(result.trajectory).cells;
  return { wallMs, cellMs: cellMs as number };
}

it(`fan-out: ${CALLS} llm_query calls at ${LATENCY_MS} ms, concurrency ${CONCURRENCY}`, async () => {
  await oneRun();
  const runs: Awaited<ReturnType<typeof oneRun>>[] = [];
  for (let run = 0; run < benchRuns(5); run++) runs.push(await oneRun());
  const ratios = runs.map((run) => run.cellMs / IDEAL_MS);
  report(`Fan-out (${benchProvider()}, Deno sandbox)`, [
    `${CALLS} llm_query calls, ${LATENCY_MS} ms simulated latency, maxConcurrency ${CONCURRENCY}; ideal ${IDEAL_MS} ms`,
    `cell wall time: ${spread(runs.map((run) => run.cellMs))}`,
    `run wall time (root model turn and session start included): ${spread(runs.map((run) => run.wallMs))}`,
    `ratio to ideal: ${spread(ratios, "x", 3)}; target <= ${TARGET_RATIO}: ${verdict(median(ratios), TARGET_RATIO)}`,
  ]);
});
