import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRLM, type MemoizeOption, type RLMResult } from "@rlm/core";
import { sqliteSubCallCache } from "@rlm/core/sqlite-cache";
import { denoSandbox } from "@rlm/sandbox-deno";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  benchProvider,
  type ScriptedServer,
  startScriptedServer,
} from "./support/scripted-server.js";
import { benchRuns, median, report, spread } from "./support/statistics.js";

/**
 * Memoised sub-calls: a run of 5 turns whose cells each ask the sub-model about the same 20
 * slices (`llm_query_batched`, 100 sub-calls in all), sub-model at 100 ms
 * (`BENCH_LATENCY_MS`). Without memoisation every sub-call is a request; with
 * `memoize: true` only the first turn's 20 are; with a SQLite cache filled by an earlier run
 * over the same document, none are. Reported: sub-calls, model requests, cost, wall time.
 */
const TURNS = 5;
const SLICES = 20;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);

let root: ScriptedServer;
let sub: ScriptedServer;
const sandbox = denoSandbox();
const folder = mkdtempSync(join(tmpdir(), "rlm-bench-memoize-"));

beforeAll(async () => {
  const provider = benchProvider();
  root = await startScriptedServer({
    provider,
    script: { name: "batched-root", params: { iterations: TURNS, calls: TURNS * SLICES } },
  });
  sub = await startScriptedServer({
    provider,
    script: { name: "sub-summary", params: { latencyMs: LATENCY_MS } },
  });
});

afterAll(async () => {
  await sandbox.close();
  await Promise.all([root?.close(), sub?.close()]);
  rmSync(folder, { recursive: true, force: true });
});

async function oneRun(memoize: MemoizeOption | undefined) {
  const rlm = createRLM({
    model: root.model,
    subModel: sub.model,
    sandbox,
    ...(memoize !== undefined ? { memoize } : {}),
  });
  const started = performance.now();
  const result: RLMResult = await rlm.complete({
    context: "lorem ipsum dolor sit amet ".repeat(200),
    query: "Summarise every part, again and again.",
  });
  const wallMs = performance.now() - started;
  expect(result.answer).toBe(String(TURNS * SLICES));
  return {
    wallMs,
    subCalls: result.subCalls,
    subRequests: result.usage.byTier.sub?.calls ?? 0,
    requests: result.usage.total.calls,
    cacheHits: result.usage.total.cacheHits,
    costUsd: result.costUsd ?? Number.NaN,
  };
}

type Figures = Awaited<ReturnType<typeof oneRun>>;

function line(name: string, runs: Figures[]): string {
  const first = runs[0] as Figures;
  return `${name}: ${first.subCalls} sub-calls, ${first.subRequests} sub-model requests (${first.requests} in all, ${first.cacheHits} cache hits), $${median(runs.map((run) => run.costUsd)).toFixed(5)}; wall ${spread(runs.map((run) => run.wallMs))}`;
}

it(`memoize: ${TURNS} turns x the same ${SLICES} slices, sub-model at ${LATENCY_MS} ms`, async () => {
  await oneRun(undefined);
  const off: Figures[] = [];
  const withinRun: Figures[] = [];
  const acrossRuns: Figures[] = [];
  for (let run = 0; run < benchRuns(5); run++) {
    off.push(await oneRun(undefined));
    withinRun.push(await oneRun(true));
    // A fresh file per measured run, filled by an earlier run over the same document.
    const path = join(folder, `run-${run}.db`);
    const fill = sqliteSubCallCache({ path });
    await oneRun({ cache: fill });
    fill.close();
    const cache = sqliteSubCallCache({ path });
    acrossRuns.push(await oneRun({ cache }));
    cache.close();
  }
  expect(off[0]?.subRequests).toBe(TURNS * SLICES);
  expect(withinRun[0]?.subRequests).toBe(SLICES);
  expect(acrossRuns[0]?.subRequests).toBe(0);
  report(`Memoised sub-calls (${benchProvider()}, Deno sandbox)`, [
    line("memoize off", off),
    line("memoize: true (within the run)", withinRun),
    line("memoize: { cache: sqliteSubCallCache } (second run over the same document)", acrossRuns),
    `wall time, off / within run: ${(median(off.map((run) => run.wallMs)) / median(withinRun.map((run) => run.wallMs))).toFixed(2)}x`,
  ]);
});
