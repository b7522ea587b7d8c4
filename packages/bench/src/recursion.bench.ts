import { createRLM, type RLMEvent } from "@rlm/core";
import { denoSandbox } from "@rlm/sandbox-deno";
import { afterAll, expect, it } from "vitest";
import { denoChildrenCpu, denoChildrenStartedBetween } from "./support/process-cpu.js";
import { waitForIdleDenoChildren } from "./support/process-memory.js";
import {
  benchProvider,
  type ScriptedServer,
  startScriptedServer,
} from "./support/scripted-server.js";
import { clientGaps } from "./support/server-clock.js";
import { benchRuns, median, report, spread, verdict } from "./support/statistics.js";
import { runTimes } from "./support/trajectory-times.js";

/**
 * Recursion: one cell starts 50 child RLMs at depth 1 with `rlm_query_batched`. Each child
 * gets its own Deno session from a warm pool, takes one model turn and makes one
 * `llm_query`; child n's sub-call answers after `latency + 2n` ms, so child 49 is the
 * slowest. The figure is the cell's time on the root server's clock (the reply holding the
 * cell sent -> the next request received) as a ratio to the same cell starting child 49
 * alone, once per simulated model latency (`BENCH_CHILD_LATENCIES_MS`, default 100 and
 * 1,000 ms: a fast model and a typical one).
 */
const CHILDREN = 50;
const SUB_STEP_MS = 2;
const TARGET_RATIO = 2;
const WARM = Number(process.env.BENCH_WARM_SESSIONS ?? CHILDREN);
const LATENCIES_MS = (process.env.BENCH_CHILD_LATENCIES_MS ?? "100,1000").split(",").map(Number);

const servers: ScriptedServer[] = [];
const sandbox = denoSandbox({ warmSessions: WARM });
let poolStarted = false;

afterAll(async () => {
  await sandbox.close();
  await Promise.all(servers.map((server) => server.close()));
});

interface Models {
  all: ScriptedServer;
  slowest: ScriptedServer;
  child: ScriptedServer;
  sub: ScriptedServer;
}

async function startModels(latencyMs: number): Promise<Models> {
  const provider = benchProvider();
  const everyChild = Array.from({ length: CHILDREN }, (_, n) => n);
  const started = await Promise.all([
    startScriptedServer({
      provider,
      script: { name: "recursion-root", params: { children: everyChild } },
    }),
    startScriptedServer({
      provider,
      script: { name: "recursion-root", params: { children: [CHILDREN - 1] } },
    }),
    startScriptedServer({ provider, script: { name: "recursion-child", params: { latencyMs } } }),
    startScriptedServer({
      provider,
      script: { name: "sub-summary-staggered", params: { latencyMs, stepMs: SUB_STEP_MS } },
    }),
  ]);
  servers.push(...started);
  const [all, slowest, child, sub] = started as [
    ScriptedServer,
    ScriptedServer,
    ScriptedServer,
    ScriptedServer,
  ];
  return { all, slowest, child, sub };
}

/** The root cell's time on both clocks, started with a settled warm pool (it fills on first use). */
async function cellMs(
  models: Models,
  root: ScriptedServer,
  children: number,
): Promise<{ serverMs: number; hostMs: number; spawns: number }> {
  if (poolStarted) await waitForIdleDenoChildren({ count: WARM });
  poolStarted = true;
  // The root's sub-calls (the children) on the host's clock; the pool's processes are read
  // when the root cell ends: one started meanwhile is still there, warm.
  const span = { firstStart: 0, lastEnd: 0, spawns: 0 };
  const sink = {
    onEvent(event: RLMEvent) {
      if (event.depth !== 0) return;
      if (event.type === "subcall-start" && !span.firstStart) span.firstStart = performance.now();
      if (event.type === "subcall-end") span.lastEnd = performance.now();
      if (event.type === "cell-end" && span.lastEnd && !span.spawns) {
        span.spawns = denoChildrenStartedBetween(denoChildrenCpu(), span.firstStart, span.lastEnd);
      }
    },
  };
  const rlm = createRLM({
    sinks: [sink],
    model: root.model,
    depthModels: [models.child.model],
    subModel: models.sub.model,
    sandbox,
    maxDepth: 1,
    // Every child live at once: the default cap (four sessions per core) would queue them.
    limits: { maxConcurrency: 2 * CHILDREN, maxLiveSessions: CHILDREN + 1 },
  });
  await root.takeTimeline();
  const result = await rlm.complete({ context: "fifty records", query: "Handle every child." });
  expect(result.answer.split(",")).toHaveLength(children);
  expect(result.answer).toContain(`summary of part ${CHILDREN - 1}`);
  expect(result.depthReached).toBe(1);
  const [serverMs] = clientGaps(await root.takeTimeline());
  return {
    serverMs: serverMs as number,
    hostMs: runTimes(result.trajectory).cells[0] as number,
    spawns: span.spawns,
  };
}

async function measure(latencyMs: number): Promise<string[]> {
  const models = await startModels(latencyMs);
  await cellMs(models, models.slowest, 1);
  await cellMs(models, models.all, CHILDREN);
  const alone: Awaited<ReturnType<typeof cellMs>>[] = [];
  const together: Awaited<ReturnType<typeof cellMs>>[] = [];
  for (let run = 0; run < benchRuns(5); run++) {
    alone.push(await cellMs(models, models.slowest, 1));
    together.push(await cellMs(models, models.all, CHILDREN));
  }
  const server = (runs: typeof alone) => runs.map((run) => run.serverMs);
  const host = (runs: typeof alone) => runs.map((run) => run.hostMs);
  const ratio = median(server(together)) / median(server(alone));
  return [
    `each child: one ${latencyMs} ms model turn and one llm_query of ${latencyMs} + ${SUB_STEP_MS}n ms`,
    `  slowest child alone: cell on the root server's clock ${spread(server(alone))}`,
    `  ${CHILDREN} children at once: cell on the root server's clock ${spread(server(together))}`,
    `  ratio of medians: ${ratio.toFixed(3)}; target <= ${TARGET_RATIO}: ${verdict(ratio, TARGET_RATIO)}`,
    `  Deno processes started while the children ran: ${spread(
      together.map((run) => run.spawns),
      "",
      0,
    )} (target 0)`,
    `  diagnostic, the cells on the host's clock (trajectory): alone ${spread(host(alone))}; together ${spread(host(together))}`,
  ];
}

it(`recursion: ${CHILDREN} child RLMs from one cell, warm pool of ${WARM}`, async () => {
  const lines: string[] = [];
  for (const latency of LATENCIES_MS) lines.push(...(await measure(latency)));
  report(`Recursion (${benchProvider()}, Deno sandbox, warm pool of ${WARM})`, lines);
});
