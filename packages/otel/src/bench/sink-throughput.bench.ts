import { metrics, trace } from "@opentelemetry/api";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import type { RLMEvent } from "@rlm/core";
import { it } from "vitest";
import { otelSink } from "../otel-sink.js";

class CountingExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    this.exported += spans.length;
    done({ code: 0 });
  }
  async shutdown() {}
  async forceFlush() {}
}
class IdleReader extends MetricReader {
  protected override async onForceFlush() {}
  protected override async onShutdown() {}
}

function events(runId: string): RLMEvent[] {
  const base = { runId, nodeId: "node-1", parentNodeId: undefined, depth: 0, time: Date.now() };
  const list: RLMEvent[] = [];
  let seq = 0;
  list.push({
    ...base,
    seq: seq++,
    type: "run-start",
    query: "q",
    limits: { maxDepth: 1, maxIterations: 30, maxConcurrency: 16, maxLiveSessions: 8 },
  });
  list.push({
    ...base,
    seq: seq++,
    type: "node-start",
    tier: "root",
    provider: "p",
    model: "m",
    query: "q",
  });
  list.push({
    ...base,
    seq: seq++,
    type: "cell-start",
    cellId: "cell-1",
    iteration: 1,
    language: "javascript",
    code: "x",
  });
  for (let i = 0; i < 1000; i++) {
    list.push({
      ...base,
      seq: seq++,
      type: "subcall-start",
      callId: `sub-${i}`,
      cellId: "cell-1",
      kind: "llm",
      prompt: "p",
    });
    list.push({
      ...base,
      seq: seq++,
      type: "model-call-start",
      callId: `call-${i}`,
      cellId: "cell-1",
      tier: "sub",
      provider: "p",
      modelId: "sub",
      attempt: 1,
      messages: [],
    });
  }
  for (let i = 0; i < 1000; i++) {
    list.push({
      ...base,
      seq: seq++,
      type: "model-call-end",
      callId: `call-${i}`,
      cellId: "cell-1",
      tier: "sub",
      provider: "p",
      modelId: "sub",
      attempt: 1,
      usage: { inputTokens: 10, outputTokens: 2 },
      costUsd: 0.001,
      finishReason: "stop",
      responseId: `r${i}`,
      responseModel: "sub",
      text: "ok",
      durationMs: 1,
    });
    list.push({
      ...base,
      seq: seq++,
      type: "subcall-end",
      callId: `sub-${i}`,
      cellId: "cell-1",
      kind: "llm",
      durationMs: 1,
      result: "ok",
    });
  }
  list.push({
    ...base,
    seq: seq++,
    type: "cell-end",
    cellId: "cell-1",
    iteration: 1,
    output: "",
    truncated: false,
    stateReset: false,
    durationMs: 1,
  });
  list.push({ ...base, seq: seq++, type: "node-end", status: "ok", iterations: 1 });
  list.push({ ...base, seq: seq++, type: "run-end" });
  return list;
}

/**
 * The sink alone, fed 1,000 sub-calls of hand-made events: what each part costs per call,
 * apart from the run it observes.
 */
it("sink throughput: 1,000 sub-calls of events", () => {
  const variants: Record<string, () => ReturnType<typeof otelSink>> = {
    noop: () =>
      otelSink({
        tracerProvider: trace.getTracerProvider(),
        meterProvider: metrics.getMeterProvider(),
      }),
    traces: () => otelSink({ tracerProvider, meterProvider: metrics.getMeterProvider() }),
    metrics: () => otelSink({ tracerProvider: trace.getTracerProvider(), meterProvider }),
    full: () => otelSink({ tracerProvider, meterProvider }),
  };
  const exporter = new CountingExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new BatchSpanProcessor({ exporter, maxQueueSize: 65_536 })],
  });
  const meterProvider = new MeterProvider({ readers: [new IdleReader()] });
  for (const [name, make] of Object.entries(variants)) {
    const times: number[] = [];
    for (let round = 0; round < 40; round++) {
      const list = events(`run-${name}-${round}`);
      const sink = make();
      const started = performance.now();
      for (const event of list) sink.onEvent(event);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`${name.padEnd(8)} median ${times[20]!.toFixed(2)} ms per 1,000 sub-calls`);
  }
});
