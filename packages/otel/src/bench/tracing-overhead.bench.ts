import { metrics, type Span, trace } from "@opentelemetry/api";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { createRLM, type EventSink, type RLMEvent } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { expect, it } from "vitest";
import { otelSink } from "../otel-sink.js";

const ITERATIONS = 30;
const SUBCALLS = 1_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 31);
/**
 * `full` (default), `traces` or `metrics` only, `noop` (the API without an SDK), or `floor`
 * (bare spans, no sink: see `bareSpanSink`).
 */
const SINK = process.env.BENCH_SINK ?? "full";

/** Takes spans the way an exporter would and drops them, so memory stays flat. */
class CountingExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    this.exported += spans.length;
    done({ code: 0 });
  }
  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

class IdleReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/**
 * The least a tracer can do for the span tree the sink must build: one span per model call
 * and per cell, no attributes, no parent, no metrics. Its overhead is the floor of any sink
 * on this SDK pipeline.
 */
function bareSpanSink(tracerProvider: TracerProvider): EventSink {
  const tracer = tracerProvider.getTracer("floor");
  const open = new Map<string, Span>();
  return {
    onEvent(event: RLMEvent) {
      if (event.type === "model-call-start") open.set(event.callId, tracer.startSpan("chat"));
      else if (event.type === "cell-start") open.set(event.cellId, tracer.startSpan("cell"));
      else if (event.type === "model-call-end" || event.type === "cell-end") {
        const id = event.type === "cell-end" ? event.cellId : event.callId;
        open.get(id)?.end();
        open.delete(id);
      }
    },
  };
}

/** Sub-calls per iteration: 1,000 spread over 30 cells. */
function callsIn(iteration: number): number {
  const base = Math.floor(SUBCALLS / ITERATIONS);
  return iteration <= SUBCALLS % ITERATIONS ? base + 1 : base;
}

function benchRLM(sinks: EventSink[], modelDelayMs: number) {
  const root = scriptedModel({
    modelId: "root-model",
    respond: (_request, callIndex) => {
      const iteration = callIndex + 1;
      const prompts = JSON.stringify(
        Array.from({ length: callsIn(iteration) }, (_, index) => `slice ${iteration}.${index}`),
      );
      const finish = iteration === ITERATIONS ? '\nFINAL("done")' : "";
      const text = `\`\`\`repl\nconst r${iteration} = await llm_query_batched(${prompts});${finish}\n\`\`\``;
      return modelDelayMs ? { text, delayMs: modelDelayMs } : text;
    },
  });
  const sub = scriptedModel({
    modelId: "sub-model",
    respond: () => (modelDelayMs ? { text: "ok", delayMs: modelDelayMs } : "ok"),
  });
  return createRLM({
    model: root,
    subModel: sub,
    sandbox: vmSandbox(),
    maxIterations: ITERATIONS,
    limits: { maxConcurrency: 64 },
    sinks,
  });
}

async function timeRun(sinks: EventSink[], modelDelayMs: number): Promise<number> {
  const rlm = benchRLM(sinks, modelDelayMs);
  const started = performance.now();
  const result = await rlm.complete({ context: "bench context", query: "q" });
  const elapsed = performance.now() - started;
  if (result.subCalls !== SUBCALLS || result.iterations !== ITERATIONS) {
    throw new Error(
      `Unexpected run: ${result.subCalls} sub-calls, ${result.iterations} iterations.`,
    );
  }
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function compare(modelDelayMs: number, rounds: number): Promise<string> {
  // A real SDK pipeline: batching processor, an exporter, a meter provider with a reader.
  const exporter = new CountingExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [
      new BatchSpanProcessor({ exporter, maxQueueSize: 65_536, scheduledDelayMillis: 500 }),
    ],
  });
  const meterProvider = new MeterProvider({ readers: [new IdleReader()] });
  const noSdkTracing = SINK === "metrics" || SINK === "noop";
  const noSdkMetrics = SINK === "traces" || SINK === "noop";
  const enabled = () => [
    SINK === "floor"
      ? bareSpanSink(tracerProvider)
      : otelSink({
          tracerProvider: noSdkTracing ? trace.getTracerProvider() : tracerProvider,
          meterProvider: noSdkMetrics ? metrics.getMeterProvider() : meterProvider,
        }),
  ];

  for (let round = 0; round < 3; round++) {
    await timeRun([], modelDelayMs);
    await timeRun(enabled(), modelDelayMs);
  }
  const off: number[] = [];
  const on: number[] = [];
  // Alternate so drift in machine load hits both sides alike.
  for (let round = 0; round < rounds; round++) {
    off.push(await timeRun([], modelDelayMs));
    on.push(await timeRun(enabled(), modelDelayMs));
  }
  await tracerProvider.forceFlush();
  if (!noSdkTracing) {
    // Per run: a chat span per model call (sub-calls and root turns), a cell span per
    // iteration, and (but for the floor) the agent span.
    const expectedPerRun = SUBCALLS + 2 * ITERATIONS + (SINK === "floor" ? 0 : 1);
    expect(exporter.exported).toBeGreaterThanOrEqual(expectedPerRun * rounds);
  }
  const spread = (values: number[]) =>
    `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`;
  const spansPerRun = noSdkTracing ? 0 : exporter.exported / (rounds + 3);
  const perSpanUs = ((median(on) - median(off)) * 1000) / spansPerRun;
  return [
    `sink: ${SINK}; models answering ${modelDelayMs ? `after ${modelDelayMs} ms` : "instantly"}; ${rounds} rounds; ${spansPerRun} spans per run`,
    `  disabled: ${spread(off)}`,
    `  enabled:  ${spread(on)}`,
    `  ratio of medians (enabled / disabled): ${(median(on) / median(off)).toFixed(3)}`,
    ...(spansPerRun ? [`  added per span: ${perSpanUs.toFixed(1)} µs`] : []),
  ].join("\n");
}

it(`tracing overhead: ${ITERATIONS} iterations, ${SUBCALLS} sub-calls`, async () => {
  const reports = [await compare(0, ROUNDS), await compare(5, Math.ceil(ROUNDS / 3))];
  console.log(reports.join("\n"));
});
