import { createRLM, type GenerateRequest, type LanguageModel, type RLMEvent } from "@rlm/core";
import { denoSandbox } from "@rlm/sandbox-deno";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type DenoChildCpu, denoChildrenCpu, denoCpuSpentMs } from "./support/process-cpu.js";
import { waitForIdleDenoChildren } from "./support/process-memory.js";
import {
  benchProvider,
  type ScriptedServer,
  type ServerRequestTimes,
  startScriptedServer,
} from "./support/scripted-server.js";
import { clientGaps, connectionCount, hostCpuMs, replayRaw } from "./support/server-clock.js";
import { benchRuns, median, report, spread, verdict } from "./support/statistics.js";
import { runTimes } from "./support/trajectory-times.js";

/**
 * Loop overhead: a 30-iteration run whose root model answers instantly through its local
 * server, timed on the server's clock. Between sending reply k and receiving request k+1
 * the server waits for everything the host does in one iteration: the SDK reading the reply,
 * parsing it, the sandbox cell, events and bookkeeping, building the next prompt and the SDK
 * sending it. Before each run, one of its requests (from a warm-up) goes through the same
 * SDK alone, and as a bare `fetch`, 30 times one after another: the floor any iteration
 * pays for HTTP and the SDK, measured beside the run it bounds.
 */
const ITERATIONS = 30;
const TARGET_MS = 2.5;
/** Which recorded request the floors replay: one from the middle of the run. */
const REPLAYED_TURN = ITERATIONS / 2;

let root: ScriptedServer;
/** The pool the sandbox keeps (its default). */
const WARM = 2;
const sandbox = denoSandbox({ warmSessions: WARM });

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

/** The root model, keeping the requests the loop sends it so the floor can resend one. */
function recordingModel(model: LanguageModel, requests: GenerateRequest[]): LanguageModel {
  const recording = Object.create(model) as LanguageModel;
  recording.generate = (request) => {
    requests.push(request);
    return model.generate(request);
  };
  return recording;
}

/** The request the floors resend, and its body as the server received it: from a warm-up. */
let replayed: { request: GenerateRequest; received: ServerRequestTimes } | undefined;
/** The pool fills on first use: the first run (a warm-up) finds it empty. */
let poolStarted = false;

async function oneRun() {
  // Each run starts as a real one would: the pool refilled and idle (a session's close
  // starts its replacement, which would otherwise run beside the next measurement).
  if (poolStarted) await waitForIdleDenoChildren({ count: WARM });
  poolStarted = true;
  await root.takeTimeline();

  // The floors first: the same request through the same client, then without the SDK.
  let sdkFloorMs = Number.NaN;
  let rawFloorMs = Number.NaN;
  if (replayed) {
    for (let n = 0; n < ITERATIONS; n++) await root.model.generate(replayed.request);
    sdkFloorMs = median(clientGaps(await root.takeTimeline()));
    await replayRaw({ baseURL: root.baseURL, request: replayed.received, times: ITERATIONS });
    rawFloorMs = median(clientGaps(await root.takeTimeline()));
  }

  const requests: GenerateRequest[] = [];
  const denoBefore = denoChildrenCpu();
  // The session's process (a warm one) is read at the last cell's end: closing the session
  // takes its CPU figure with it.
  let cells = 0;
  let denoAfter = new Map<number, DenoChildCpu>();
  const rlm = createRLM({
    model: recordingModel(root.model, requests),
    sandbox,
    maxIterations: ITERATIONS,
    sinks: [
      {
        onEvent(event: RLMEvent) {
          if (event.type === "cell-end" && ++cells === ITERATIONS) {
            denoAfter = denoChildrenCpu(denoBefore.keys());
          }
        },
      },
    ],
  });
  const cpuBefore = await hostCpuMs([root]);
  const started = performance.now();
  const result = await rlm.complete({ context: "a short context", query: "Count the steps." });
  const wallMs = performance.now() - started;
  const hostCpu = (await hostCpuMs([root])) - cpuBefore;
  const denoCpu = denoCpuSpentMs(denoBefore, denoAfter);
  expect(result.iterations).toBe(ITERATIONS);
  expect(result.answer).toBe(`done after ${"a short context".length + ITERATIONS - 1}`);
  const timeline = await root.takeTimeline();
  expect(timeline).toHaveLength(ITERATIONS);
  const { abortSignal: _, ...request } = requests[REPLAYED_TURN - 1] as GenerateRequest;
  replayed ??= { request, received: timeline[REPLAYED_TURN - 1] as ServerRequestTimes };

  const times = runTimes(result.trajectory);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    wallMs,
    serverMs: mean(clientGaps(timeline)),
    sdkFloorMs,
    rawFloorMs,
    connections: connectionCount(timeline),
    hostCpuMs: hostCpu / ITERATIONS,
    denoCpuMs: denoCpu / ITERATIONS,
    inProcessHostMs: (wallMs - times.rootModelMs) / ITERATIONS,
    cellMs: times.cellMs / ITERATIONS,
    modelMs: times.rootModelMs / ITERATIONS,
  };
}

it(`loop overhead over ${ITERATIONS} iterations`, async () => {
  for (let warmUp = 0; warmUp < 3; warmUp++) await oneRun();
  const runs: Awaited<ReturnType<typeof oneRun>>[] = [];
  for (let run = 0; run < benchRuns(15); run++) runs.push(await oneRun());
  const pick = (field: keyof (typeof runs)[number]) => runs.map((run) => run[field]);
  const server = pick("serverMs");
  const beyondFloor = runs.map((run) => run.serverMs - run.sdkFloorMs);
  report(`Loop overhead (${benchProvider()}, Deno sandbox, ${ITERATIONS} iterations)`, [
    "On the server's clock (reply k sent -> request k+1 received):",
    `  host time per iteration: ${spread(server, "ms", 2)}; target <= ${TARGET_MS} ms: ${verdict(median(server), TARGET_MS)}`,
    `  floor, the same request through the same SDK alone: ${spread(pick("sdkFloorMs"), "ms", 2)}`,
    `  floor, the same request as a bare fetch: ${spread(pick("rawFloorMs"), "ms", 2)}`,
    `  host time beyond the SDK floor: ${spread(beyondFloor, "ms", 2)}`,
    `  connections per run: ${spread(pick("connections"), "", 0)}`,
    `CPU per iteration: host ${spread(pick("hostCpuMs"), "ms", 2)}; sandbox ${spread(pick("denoCpuMs"), "ms", 2)} (10 ms ticks)`,
    "Diagnostic, on the host's clock (from the trajectory):",
    `  run wall time: ${spread(pick("wallMs"))}`,
    `  model call per iteration (SDK + HTTP + instant server): ${spread(pick("modelMs"), "ms", 2)}`,
    `  wall - model per iteration: ${spread(pick("inProcessHostMs"), "ms", 2)}`,
    `    of which the sandbox cell round trip: ${spread(pick("cellMs"), "ms", 2)}`,
    `    of which the loop itself: ${spread(
      runs.map((run) => run.inProcessHostMs - run.cellMs),
      "ms",
      2,
    )}`,
  ]);
});
