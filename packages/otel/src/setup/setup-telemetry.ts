import { type Attributes, context, metrics, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { type OtelSink, type OtelSinkOptions, otelSink } from "../otel-sink.js";

export interface SetupTelemetryOptions {
  /**
   * Base URL of an OTLP/HTTP receiver; `/v1/traces` and `/v1/metrics` are appended.
   * Default: `OTEL_EXPORTER_OTLP_ENDPOINT`, else http://127.0.0.1:4318 (the standard port,
   * where a local Collector, Jaeger or the RLM dashboard listens).
   */
  endpoint?: string;
  /** Sent with every export, e.g. an API key of a hosted backend. */
  headers?: Record<string, string>;
  /** `service.name` of the resource. Default `rlm`. */
  serviceName?: string;
  resourceAttributes?: Attributes;
  /**
   * How often finished spans are sent. Default 500 ms, so a live view shows a run while
   * it is still going.
   */
  spanExportIntervalMs?: number;
  /** Export metrics too. Default true. */
  metrics?: boolean;
  /** How often metrics are sent. Default 10 s. */
  metricExportIntervalMs?: number;
  /**
   * Register the providers (and an AsyncLocalStorage context manager) as the process's
   * globals, so other instrumentation reports to them too. Default true; leave it off
   * when the application has its own SDK and only wants a separate pipeline for RLM runs.
   */
  registerGlobal?: boolean;
  /**
   * How long one export may take, retries included, before it is given up. Default 5 s.
   * It bounds how long `forceFlush()`, `shutdown()` or a `flushOnRunEnd` run waits for a
   * receiver that is down, and how long a pending export keeps the process alive at exit.
   */
  exportTimeoutMs?: number;
  /**
   * Called when `forceFlush()` or `shutdown()` could not send everything (receiver down,
   * timeout, rejected payload); neither ever rejects. Default: one line on stderr.
   */
  onExportError?: (error: Error) => void;
}

export interface Telemetry {
  readonly tracerProvider: TracerProvider;
  /** Undefined when metrics are off. */
  readonly meterProvider: MeterProvider | undefined;
  /** A sink reporting to these providers, for `createRLM({ sinks: [...] })`. */
  sink(options?: Omit<OtelSinkOptions, "tracerProvider" | "meterProvider">): OtelSink;
  /** Sends everything recorded so far. Never rejects (see `onExportError`). */
  forceFlush(): Promise<void>;
  /**
   * Sends what is left and stops; call it before the process exits. Never rejects: a
   * receiver that is down costs at most `exportTimeoutMs` and one `onExportError` call.
   */
  shutdown(): Promise<void>;
}

const DEFAULT_ENDPOINT = "http://127.0.0.1:4318";
const DEFAULT_EXPORT_TIMEOUT_MS = 5_000;

/**
 * A ready OpenTelemetry pipeline for applications that have no SDK yet: spans and metrics
 * over OTLP/HTTP (JSON), which Jaeger, Grafana Tempo, an OTel Collector and the RLM
 * dashboard all accept.
 */
export function setupTelemetry(options: SetupTelemetryOptions = {}): Telemetry {
  const endpoint = (
    options.endpoint ??
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT ??
    DEFAULT_ENDPOINT
  ).replace(/\/+$/, "");
  const headers = options.headers ?? {};
  const timeoutMillis = options.exportTimeoutMs ?? DEFAULT_EXPORT_TIMEOUT_MS;
  const metricIntervalMs = options.metricExportIntervalMs ?? 10_000;
  const onExportError =
    options.onExportError ??
    ((error: Error) =>
      console.warn(
        `@rlm/otel: telemetry not sent to ${endpointForDisplay(endpoint)}: ${error.message}`,
      ));
  /** Runs a flush or shutdown of both providers; failures go to `onExportError`. */
  async function settle(work: Array<Promise<void> | undefined>): Promise<void> {
    for (const outcome of await Promise.allSettled(work)) {
      if (outcome.status === "rejected") {
        const reason = outcome.reason;
        onExportError(reason instanceof Error ? reason : new Error(String(reason)));
      }
    }
  }
  const resource = resourceFromAttributes({
    "service.name": options.serviceName ?? "rlm",
    ...options.resourceAttributes,
  });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${endpoint}/v1/traces`, headers, timeoutMillis }),
        scheduledDelayMillis: options.spanExportIntervalMs ?? 500,
        // Fan-out runs make thousands of spans; the default queue of 2,048 would drop some.
        maxQueueSize: 65_536,
        maxExportBatchSize: 2_048,
      }),
    ],
  });
  const meterProvider =
    options.metrics === false
      ? undefined
      : new MeterProvider({
          resource,
          readers: [
            new PeriodicExportingMetricReader({
              exporter: new OTLPMetricExporter({
                url: `${endpoint}/v1/metrics`,
                headers,
                timeoutMillis,
              }),
              exportIntervalMillis: metricIntervalMs,
              // The SDK refuses a timeout longer than the interval.
              exportTimeoutMillis: Math.min(timeoutMillis, metricIntervalMs),
            }),
          ],
        });

  if (options.registerGlobal ?? true) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(tracerProvider);
    if (meterProvider) metrics.setGlobalMeterProvider(meterProvider);
  }

  return {
    tracerProvider,
    meterProvider,
    sink(sinkOptions = {}) {
      const sink = otelSink({
        ...sinkOptions,
        tracerProvider,
        ...(meterProvider ? { meterProvider } : {}),
      });
      // Flushes at run end (`flushOnRunEnd`) report failures like the helper's own flushes.
      return {
        ...sink,
        flush: () => settle([sink.flush?.()]),
        forceFlush: () => settle([sink.forceFlush()]),
      };
    },
    forceFlush: () => settle([tracerProvider.forceFlush(), meterProvider?.forceFlush()]),
    async shutdown() {
      await settle([tracerProvider.shutdown(), meterProvider?.shutdown()]);
      if (options.registerGlobal ?? true) {
        trace.disable();
        metrics.disable();
        context.disable();
      }
    },
  };
}

/** An endpoint as it may be printed: without a user name or password in it. */
export function endpointForDisplay(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    if (!url.username && !url.password) return endpoint;
    url.username = "";
    url.password = "";
    return url.href;
  } catch {
    return "(an invalid URL)";
  }
}
