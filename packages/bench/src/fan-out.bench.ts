import { createRLM, type RLMEvent } from "@rlm/core";
import { denoSandbox } from "@rlm/sandbox-deno";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type DenoChildCpu,
  denoChildrenCpu,
  denoChildrenStartedBetween,
  denoCpuSpentMs,
  denoSystemCallsBetween,
} from "./support/process-cpu.js";
import { waitForIdleDenoChildren } from "./support/process-memory.js";
import {
  benchProvider,
  type ScriptedServer,
  startScriptedServer,
} from "./support/scripted-server.js";
import { clientGaps, connectionCount, serverCpuMs } from "./support/server-clock.js";
import { benchRuns, median, report, spread, verdict } from "./support/statistics.js";
import { runTimes } from "./support/trajectory-times.js";

/**
 * Fan-out: one cell sends 1,000 `llm_query` prompts at once; the sub-model answers each
 * after a simulated latency and at most `maxConcurrency` requests are in flight. The ideal
 * is `calls / concurrency` rounds of one latency each. The figure is the cell's time on the
 * root server's clock (the reply holding the cell sent -> the next request received), as a
 * ratio to that ideal. CPU per sub-call is the host's (the servers' threads taken out) and
 * the sandbox's, from the run's start to the cell's end.
 */
const CALLS = 1_000;
const CONCURRENCY = 50;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const IDEAL_MS = (CALLS / CONCURRENCY) * LATENCY_MS;
const TARGET_RATIO = 1.1;
const TARGET_CPU_MS = 1.2;
/** The pool the sandbox keeps (its default), so its refill is part of the run. */
const WARM = 2;

let root: ScriptedServer;
let sub: ScriptedServer;
const sandbox = denoSandbox({ warmSessions: WARM });
/** The pool fills on first use: the first run (a warm-up) finds it empty. */
let poolStarted = false;

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
  // Each run starts as a real one would: the pool refilled and idle.
  if (poolStarted) await waitForIdleDenoChildren({ count: WARM });
  poolStarted = true;
  await Promise.all([root.takeTimeline(), sub.takeTimeline()]);
  // The sub-calls' span on the host's clock, and the sandbox's CPU read at the cell's end
  // (the session's process takes its CPU figure with it when the run closes it).
  const span = { firstStart: 0, lastEnd: 0, cpuAtEnd: 0, deno: new Map<number, DenoChildCpu>() };
  const rlm = createRLM({
    model: root.model,
    subModel: sub.model,
    sandbox,
    limits: { maxConcurrency: CONCURRENCY },
    sinks: [
      {
        onEvent(event: RLMEvent) {
          if (event.type === "subcall-start" && !span.firstStart)
            span.firstStart = performance.now();
          if (event.type === "subcall-end") span.lastEnd = performance.now();
          if (event.type === "cell-end" && span.deno.size === 0) {
            const { user, system } = process.cpuUsage();
            span.cpuAtEnd = (user + system) / 1000;
            span.deno = denoChildrenCpu();
          }
        },
      },
    ],
  });
  const denoBefore = denoChildrenCpu();
  const serversBefore = await serverCpuMs([root, sub]);
  const { user, system } = process.cpuUsage();
  const cpuBefore = (user + system) / 1000;
  const started = performance.now();
  const result = await rlm.complete({
    context: "lorem ipsum dolor sit amet ".repeat(200),
    query: "Summarise every part.",
  });
  const wallMs = performance.now() - started;
  // To the cell's end, less what the servers' threads used over the run.
  const hostCpu = span.cpuAtEnd - cpuBefore - ((await serverCpuMs([root, sub])) - serversBefore);
  expect(result.answer).toBe(String(CALLS));
  expect(result.subCalls).toBe(CALLS);
  const [rootTimeline, subTimeline] = await Promise.all([root.takeTimeline(), sub.takeTimeline()]);
  const [serverCellMs] = clientGaps(rootTimeline);
  const [cellMs] = runTimes(result.trajectory).cells;
  return {
    serverRatio: (serverCellMs as number) / IDEAL_MS,
    serverCellMs: serverCellMs as number,
    cellMs: cellMs as number,
    wallMs,
    hostCpuMs: hostCpu / CALLS,
    denoCpuMs: denoCpuSpentMs(denoBefore, span.deno) / CALLS,
    denoReads: denoSystemCallsBetween(denoBefore, span.deno).reads / CALLS,
    denoWrites: denoSystemCallsBetween(denoBefore, span.deno).writes / CALLS,
    spawnsInCell: denoChildrenStartedBetween(span.deno, span.firstStart, span.lastEnd),
    connections: connectionCount(subTimeline),
  };
}

/**
 * The floor of the same fan-out: the same 1,000 prompts sent straight through the sub-model's
 * SDK, 50 at a time, with no loop or sandbox. Its ratio (first request received -> last reply
 * sent, on the server's clock) and its host CPU per request bound what the runtime can reach.
 */
async function sdkFloor() {
  await sub.takeTimeline();
  const serversBefore = await serverCpuMs([root, sub]);
  const { user, system } = process.cpuUsage();
  let next = 0;
  const sender = async () => {
    while (next < CALLS) {
      const part = next++;
      await sub.model.generate({
        messages: [{ role: "user", content: `Summarise part ${part}: lorem ipsum dolor sit amet` }],
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, sender));
  const after = process.cpuUsage();
  const serversMs = (await serverCpuMs([root, sub])) - serversBefore;
  const hostCpu = (after.user + after.system - user - system) / 1000 - serversMs;
  const timeline = await sub.takeTimeline();
  const lastReply = Math.max(...timeline.map((request) => request.repliedAt ?? Number.NaN));
  return {
    ratio: (lastReply - (timeline[0]?.receivedAt ?? Number.NaN)) / IDEAL_MS,
    cpuMs: hostCpu / CALLS,
  };
}

it(`fan-out: ${CALLS} llm_query calls at ${LATENCY_MS} ms, concurrency ${CONCURRENCY}`, async () => {
  await oneRun();
  const runs: Awaited<ReturnType<typeof oneRun>>[] = [];
  const floors: Awaited<ReturnType<typeof sdkFloor>>[] = [];
  for (let run = 0; run < benchRuns(5); run++) {
    floors.push(await sdkFloor());
    runs.push(await oneRun());
  }
  const pick = (field: keyof (typeof runs)[number]) => runs.map((run) => run[field]);
  const ratios = pick("serverRatio");
  const cpu = runs.map((run) => run.hostCpuMs + run.denoCpuMs);
  report(`Fan-out (${benchProvider()}, Deno sandbox)`, [
    `${CALLS} llm_query calls, ${LATENCY_MS} ms simulated latency, maxConcurrency ${CONCURRENCY}; ideal ${IDEAL_MS} ms`,
    `cell time on the root server's clock: ${spread(pick("serverCellMs"))}`,
    `ratio to ideal: ${spread(ratios, "x", 3)}; target <= ${TARGET_RATIO}: ${verdict(median(ratios), TARGET_RATIO)}`,
    `CPU per sub-call, host + sandbox: ${spread(cpu, "ms", 2)}; target <= ${TARGET_CPU_MS} ms: ${verdict(median(cpu), TARGET_CPU_MS)}`,
    `  host: ${spread(pick("hostCpuMs"), "ms", 2)}; sandbox: ${spread(pick("denoCpuMs"), "ms", 2)}`,
    `  sandbox system calls per sub-call (its pipe to the host, its threads' wake-ups): reads ${spread(pick("denoReads"), "", 2)}; writes ${spread(pick("denoWrites"), "", 2)}`,
    `floor, the same requests through the SDK alone, ${CONCURRENCY} at a time: ratio ${spread(
      floors.map((floor) => floor.ratio),
      "x",
      3,
    )}; host CPU per request ${spread(
      floors.map((floor) => floor.cpuMs),
      "ms",
      2,
    )}`,
    `Deno processes started while sub-calls ran: ${spread(pick("spawnsInCell"), "", 0)} (target 0)`,
    `connections to the sub-model's server per run: ${spread(pick("connections"), "", 0)}`,
    "Diagnostic, on the host's clock:",
    `  cell wall time (trajectory): ${spread(pick("cellMs"))}`,
    `  run wall time (session start and both root turns included): ${spread(pick("wallMs"))}`,
  ]);
});
