import { createRLM, type EventSink } from "@rlm/core";
import { setupTelemetry } from "@rlm/otel/setup";
import { denoSandbox } from "@rlm/sandbox-deno";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type OtlpSink, startOtlpSink } from "./support/otlp-sink.js";
import {
  benchProvider,
  type ScriptedServer,
  startScriptedServer,
} from "./support/scripted-server.js";
import { benchRuns, median, report, spread } from "./support/statistics.js";

/**
 * Telemetry on vs. off: the same run (30 iterations, 1,000 sub-calls) with no sinks and
 * with `@rlm/otel`'s ready pipeline exporting spans and metrics over OTLP/HTTP to a local
 * receiver, alternating so drift in the machine's load hits both sides alike. Once with
 * models answering instantly (the worst case for the ratio) and once with 100 ms. Timed on
 * the root server's clock: its first request received -> its last reply sent.
 */
const ITERATIONS = 30;
const CALLS = 1_000;
const LATENCIES_MS = [0, 100];

const servers: ScriptedServer[] = [];
let receiver: OtlpSink;
const sandbox = denoSandbox();

beforeAll(async () => {
  receiver = await startOtlpSink();
});

afterAll(async () => {
  await sandbox.close();
  await Promise.all([receiver?.close(), ...servers.map((server) => server.close())]);
});

async function compare(latencyMs: number): Promise<string[]> {
  const provider = benchProvider();
  const [root, sub] = await Promise.all([
    startScriptedServer({
      provider,
      script: { name: "batched-root", params: { iterations: ITERATIONS, calls: CALLS } },
    }),
    startScriptedServer({ provider, script: { name: "sub-summary", params: { latencyMs } } }),
  ]);
  servers.push(root, sub);
  const oneRun = async (traced: boolean) => {
    const telemetry = traced
      ? setupTelemetry({ endpoint: receiver.url, serviceName: "rlm-bench", registerGlobal: false })
      : undefined;
    const sinks: EventSink[] = telemetry ? [telemetry.sink()] : [];
    const rlm = createRLM({
      model: root.model,
      subModel: sub.model,
      sandbox,
      maxIterations: ITERATIONS,
      limits: { maxConcurrency: 50 },
      sinks,
    });
    await root.takeTimeline();
    const started = performance.now();
    const result = await rlm.complete({ context: "bench context", query: "Summarise." });
    const wallMs = performance.now() - started;
    // Exporting what is left happens after the answer, so it is not in the wall time.
    await telemetry?.shutdown();
    expect(result.answer).toBe(String(CALLS));
    const timeline = await root.takeTimeline();
    const lastReply = timeline.at(-1)?.repliedAt ?? Number.NaN;
    return { serverMs: lastReply - (timeline[0]?.receivedAt ?? Number.NaN), wallMs };
  };
  await oneRun(false);
  await oneRun(true);
  const before = await receiver.stats();
  const off: Awaited<ReturnType<typeof oneRun>>[] = [];
  const on: Awaited<ReturnType<typeof oneRun>>[] = [];
  const runs = benchRuns(7);
  for (let run = 0; run < runs; run++) {
    off.push(await oneRun(false));
    on.push(await oneRun(true));
  }
  const after = await receiver.stats();
  const server = (runs: typeof off) => runs.map((run) => run.serverMs);
  const wall = (runs: typeof off) => runs.map((run) => run.wallMs);
  expect(after.exports).toBeGreaterThan(before.exports);
  return [
    `models answering ${latencyMs ? `after ${latencyMs} ms` : "instantly"}; run time on the root server's clock (first request received -> last reply sent):`,
    `  telemetry off: ${spread(server(off))}`,
    `  telemetry on:  ${spread(server(on))}`,
    `  ratio of medians (on / off): ${(median(server(on)) / median(server(off))).toFixed(3)}`,
    `  diagnostic, run wall time on the host's clock: off ${spread(wall(off))}; on ${spread(wall(on))}`,
    `  exported per run: ${Math.round((after.bytes - before.bytes) / runs / 1024)} KB in ${((after.exports - before.exports) / runs).toFixed(1)} OTLP requests`,
  ];
}

it(`telemetry on vs. off: ${ITERATIONS} iterations, ${CALLS} sub-calls`, async () => {
  const lines: string[] = [];
  for (const latency of LATENCIES_MS) lines.push(...(await compare(latency)));
  report(`Telemetry (${benchProvider()}, Deno sandbox, OTLP/HTTP to a local receiver)`, lines);
});
