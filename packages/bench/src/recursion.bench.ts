import { createRLM } from "@rlm/core";
import { denoSandbox } from "@rlm/sandbox-deno";
import { afterAll, beforeAll, expect, it } from "vitest";
import { waitForIdleDenoChildren } from "./support/process-memory.js";
import {
  benchProvider,
  type ScriptedServer,
  startScriptedServer,
} from "./support/scripted-server.js";
import { benchRuns, median, report, spread, verdict } from "./support/statistics.js";
import { runTimes } from "./support/trajectory-times.js";

/**
 * Recursion: one cell starts 50 child RLMs at depth 1 with `rlm_query_batched`. Each child
 * gets its own Deno session from a warm pool, takes one model turn and makes one
 * `llm_query`; child n's sub-call answers after 100 + 2n ms, so child 49 is the slowest.
 * The figure is the cell's wall time as a ratio to the same cell starting child 49 alone.
 */
const CHILDREN = 50;
const CHILD_MODEL_MS = 100;
const SUB_MS = 100;
const SUB_STEP_MS = 2;
const TARGET_RATIO = 2;
const WARM = Number(process.env.BENCH_WARM_SESSIONS ?? CHILDREN);

const servers: { all?: ScriptedServer; slowest?: ScriptedServer } = {};
let child: ScriptedServer;
let sub: ScriptedServer;
const sandbox = denoSandbox({ warmSessions: WARM });

beforeAll(async () => {
  const provider = benchProvider();
  const everyChild = Array.from({ length: CHILDREN }, (_, n) => n);
  [servers.all, servers.slowest, child, sub] = await Promise.all([
    startScriptedServer({
      provider,
      script: { name: "recursion-root", params: { children: everyChild } },
    }),
    startScriptedServer({
      provider,
      script: { name: "recursion-root", params: { children: [CHILDREN - 1] } },
    }),
    startScriptedServer({
      provider,
      script: { name: "recursion-child", params: { latencyMs: CHILD_MODEL_MS } },
    }),
    startScriptedServer({
      provider,
      script: { name: "sub-summary-staggered", params: { latencyMs: SUB_MS, stepMs: SUB_STEP_MS } },
    }),
  ]);
});

afterAll(async () => {
  await sandbox.close();
  await Promise.all([servers.all?.close(), servers.slowest?.close(), child?.close(), sub?.close()]);
});

let poolStarted = false;

/** The root cell's wall time, started with a settled warm pool (the pool starts on first use). */
async function cellMs(root: ScriptedServer, children: number): Promise<number> {
  if (poolStarted) await waitForIdleDenoChildren({ count: WARM });
  poolStarted = true;
  const rlm = createRLM({
    model: root.model,
    depthModels: [child.model],
    subModel: sub.model,
    sandbox,
    maxDepth: 1,
    limits: { maxConcurrency: 2 * CHILDREN },
  });
  const result = await rlm.complete({ context: "fifty records", query: "Handle every child." });
  expect(result.answer.split(",")).toHaveLength(children);
  expect(result.answer).toContain(`summary of part ${CHILDREN - 1}`);
  expect(result.depthReached).toBe(1);
  return runTimes(result.trajectory).cells[0] as number;
}

it(`recursion: ${CHILDREN} child RLMs from one cell, warm pool of ${WARM}`, async () => {
  const all = servers.all as ScriptedServer;
  const slowest = servers.slowest as ScriptedServer;
  await cellMs(slowest, 1);
  await cellMs(all, CHILDREN);
  const alone: number[] = [];
  const together: number[] = [];
  for (let run = 0; run < benchRuns(5); run++) {
    alone.push(await cellMs(slowest, 1));
    together.push(await cellMs(all, CHILDREN));
  }
  const ratio = median(together) / median(alone);
  report(`Recursion (${benchProvider()}, Deno sandbox, warm pool of ${WARM})`, [
    `each child: one ${CHILD_MODEL_MS} ms model turn and one llm_query of ${SUB_MS} + 2n ms`,
    `slowest child alone: cell ${spread(alone)}`,
    `${CHILDREN} children at once: cell ${spread(together)}`,
    `ratio of medians: ${ratio.toFixed(3)}; target <= ${TARGET_RATIO}: ${verdict(ratio, TARGET_RATIO)}`,
  ]);
});
