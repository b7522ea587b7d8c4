import { type Attributes, context, metrics, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { getBooleanFromEnv } from "@opentelemetry/core";
import {
  detectResources,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
  serviceNameEnvDetector,
} from "@opentelemetry/resources";
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  type Sampler,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { type OtelSink, type OtelSinkOptions, otelSink } from "../otel-sink.js";
import { exporterNamesFromEnv } from "./exporter-names-from-env.js";
import { otlpMetricExporter, otlpTraceExporter, tracesEndpoint } from "./otlp-exporters.js";
import { type OtlpProtocol, otlpProtocol } from "./otlp-protocol.js";
import { samplerFromEnv } from "./sampler-from-env.js";

/**
 * Options given in code. The OpenTelemetry specification's environment variables are honoured
 * too (see the README): an option wins over `OTEL_EXPORTER_OTLP_*`, while `OTEL_SERVICE_NAME`
 * and `OTEL_RESOURCE_ATTRIBUTES` win over `serviceName` / `resourceAttributes`, which name the
 * code's defaults that each deployment may rename.
 */
export interface SetupTelemetryOptions {
  /**
   * Base URL of an OTLP receiver; over HTTP `/v1/traces` and `/v1/metrics` are appended.
   * Default: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` / `_METRICS_ENDPOINT` (used as they are),
   * else `OTEL_EXPORTER_OTLP_ENDPOINT`, else http://127.0.0.1:4318 (the standard port, where a
   * local Collector, Jaeger or the RLM dashboard listens).
   */
  endpoint?: string;
  /**
   * Sent with every export, e.g. an API key of a hosted backend; added to
   * `OTEL_EXPORTER_OTLP_HEADERS`.
   */
  headers?: Record<string, string>;
  /**
   * `http/json`, `http/protobuf` or `grpc`. Default: `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` /
   * `_METRICS_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/json`. `grpc` needs the
   * optional peers `@opentelemetry/exporter-trace-otlp-grpc` and `-metrics-otlp-grpc`; it
   * sends to http://127.0.0.1:4317 by default and uses `endpoint` as it is.
   */
  protocol?: OtlpProtocol;
  /**
   * `service.name` when `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` name none.
   * Default `rlm`.
   */
  serviceName?: string;
  /** Resource attributes; `OTEL_RESOURCE_ATTRIBUTES` overrides the same keys. */
  resourceAttributes?: Attributes;
  /** Default: the one `OTEL_TRACES_SAMPLER` (+ `_ARG`) names, else parent-based always-on. */
  sampler?: Sampler;
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
  /**
   * False when nothing leaves the process: `OTEL_SDK_DISABLED=true`, or `OTEL_TRACES_EXPORTER=none`
   * with metrics off. Runs then build no spans.
   */
  readonly enabled: boolean;
  /** The OTLP traces endpoint as configured, for messages (print it with `endpointForDisplay`). */
  readonly endpoint: string;
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

const DEFAULT_EXPORT_TIMEOUT_MS = 5_000;

/**
 * A ready OpenTelemetry pipeline for applications that have no SDK yet: spans and metrics
 * over OTLP (HTTP with JSON or protobuf, or gRPC), which Jaeger, Grafana Tempo, an OTel
 * Collector and the RLM dashboard all accept. Configured by its options and the specification's
 * `OTEL_*` variables; a value it cannot honour throws a `TelemetryConfigurationError`.
 */
export function setupTelemetry(options: SetupTelemetryOptions = {}): Telemetry {
  const disabled = getBooleanFromEnv("OTEL_SDK_DISABLED");
  const endpoint = tracesEndpoint(options.endpoint, otlpProtocol("TRACES", options.protocol));
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
  const exporterOptions = (signal: "TRACES" | "METRICS") => ({
    endpoint: options.endpoint,
    headers: options.headers,
    protocol: otlpProtocol(signal, options.protocol),
    timeoutMillis,
  });

  const resource = resourceFromAttributes({
    "service.name": options.serviceName ?? "rlm",
    ...options.resourceAttributes,
  }).merge(
    // Later detectors win: OTEL_SERVICE_NAME over a service.name in OTEL_RESOURCE_ATTRIBUTES.
    detectResources({ detectors: [resourceAttributesEnvDetector, serviceNameEnvDetector] }),
  );
  const spanProcessors: SpanProcessor[] = disabled
    ? []
    : exporterNamesFromEnv("OTEL_TRACES_EXPORTER").map((name) =>
        name === "console"
          ? new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })
          : new BatchSpanProcessor({
              exporter: otlpTraceExporter(exporterOptions("TRACES")),
              scheduledDelayMillis: options.spanExportIntervalMs ?? 500,
              // Fan-out runs make thousands of spans; the default queue of 2,048 would drop some.
              maxQueueSize: 65_536,
              maxExportBatchSize: 2_048,
            }),
      );
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors,
    // With nowhere to send spans, none is recorded, so the sink builds none.
    sampler:
      spanProcessors.length === 0 ? new AlwaysOffSampler() : (options.sampler ?? samplerFromEnv()),
  });
  const metricExporters =
    disabled || options.metrics === false
      ? []
      : exporterNamesFromEnv("OTEL_METRICS_EXPORTER").map((name) =>
          name === "console"
            ? new ConsoleMetricExporter()
            : otlpMetricExporter(exporterOptions("METRICS")),
        );
  const meterProvider =
    metricExporters.length === 0
      ? undefined
      : new MeterProvider({
          resource,
          readers: metricExporters.map(
            (exporter) =>
              new PeriodicExportingMetricReader({
                exporter,
                exportIntervalMillis: metricIntervalMs,
                // The SDK refuses a timeout longer than the interval.
                exportTimeoutMillis: Math.min(timeoutMillis, metricIntervalMs),
              }),
          ),
        });
  const enabled = spanProcessors.length > 0 || meterProvider !== undefined;
  const registerGlobal = enabled && (options.registerGlobal ?? true);

  if (registerGlobal) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(tracerProvider);
    if (meterProvider) metrics.setGlobalMeterProvider(meterProvider);
  }

  return {
    enabled,
    endpoint,
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
      if (registerGlobal) {
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
