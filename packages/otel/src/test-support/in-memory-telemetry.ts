import type { Context } from "@opentelemetry/api";
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  MetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  InMemorySpanExporter,
  type ReadableSpan,
  type Sampler,
  SimpleSpanProcessor,
  type Span,
  type SpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { type OtelSinkOptions, otelSink } from "../otel-sink.js";

/** Collects metrics on demand. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** Counts spans started and ended, to prove that a run leaves none open. */
class OpenSpanCounter implements SpanProcessor {
  open = 0;
  onStart(_span: Span, _context: Context): void {
    this.open++;
  }
  onEnd(_span: ReadableSpan): void {
    this.open--;
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** A real SDK pipeline that keeps what it records in memory. */
export function inMemoryTelemetry(
  sinkOptions: Omit<OtelSinkOptions, "tracerProvider"> = {},
  providerOptions: { sampler?: Sampler } = {},
) {
  const exporter = new InMemorySpanExporter();
  const counter = new OpenSpanCounter();
  const tracerProvider = new TracerProvider({
    ...providerOptions,
    spanProcessors: [new SimpleSpanProcessor({ exporter }), counter],
  });
  const reader = new CollectingReader({
    aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const sink = otelSink({ tracerProvider, meterProvider, ...sinkOptions });
  return {
    sink,
    tracerProvider,
    spans: () => exporter.getFinishedSpans(),
    openSpans: () => counter.open,
    async metric(name: string) {
      const { resourceMetrics } = await reader.collect();
      const all = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
      return all.find((metric) => metric.descriptor.name === name);
    },
  };
}

export type HistogramPoint = DataPoint<Histogram>;
export { InMemoryMetricExporter };
