import { getStringFromEnv } from "@opentelemetry/core";
import { OTLPMetricExporter as JsonMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtobufMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPTraceExporter as JsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtobufTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import type { PushMetricExporter } from "@opentelemetry/sdk-metrics";
import type { SpanExporter } from "@opentelemetry/sdk-trace";
import type { OtlpProtocol, OtlpSignal } from "./otlp-protocol.js";
import { TelemetryConfigurationError } from "./telemetry-configuration-error.js";

/** Where a local Collector, Jaeger or the RLM dashboard listens. */
export const DEFAULT_ENDPOINT = "http://127.0.0.1:4318";

export interface OtlpExporterOptions {
  /** A base URL given in code; `/v1/traces` or `/v1/metrics` is appended. */
  endpoint: string | undefined;
  headers: Record<string, string> | undefined;
  protocol: OtlpProtocol;
  timeoutMillis: number;
}

/**
 * The exporters read the rest of the specification's variables themselves: the endpoints
 * (the signal's own, used as is, before the shared one with its path appended), headers,
 * compression and certificates. So only what was given in code is passed, and the default
 * endpoint only when the environment names none.
 */
export function otlpTraceExporter(options: OtlpExporterOptions): SpanExporter {
  const config = exporterConfig("TRACES", options);
  return options.protocol === "http/protobuf"
    ? new ProtobufTraceExporter(config)
    : new JsonTraceExporter(config);
}

export function otlpMetricExporter(options: OtlpExporterOptions): PushMetricExporter {
  const config = exporterConfig("METRICS", options);
  return options.protocol === "http/protobuf"
    ? new ProtobufMetricExporter(config)
    : new JsonMetricExporter(config);
}

/** The traces endpoint as configured, for messages (credentials are removed when printed). */
export function tracesEndpoint(endpoint: string | undefined): string {
  return (
    endpoint ??
    getStringFromEnv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") ??
    getStringFromEnv("OTEL_EXPORTER_OTLP_ENDPOINT") ??
    DEFAULT_ENDPOINT
  );
}

function exporterConfig(signal: OtlpSignal, options: OtlpExporterOptions) {
  const path = signal === "TRACES" ? "v1/traces" : "v1/metrics";
  if (options.endpoint !== undefined) checkUrl("the endpoint option", options.endpoint);
  let fromEnv = false;
  for (const variable of [`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`, "OTEL_EXPORTER_OTLP_ENDPOINT"]) {
    const value = getStringFromEnv(variable);
    if (value === undefined) continue;
    fromEnv = true;
    // The exporters would warn through a diag logger nobody set and send to localhost instead.
    if (options.endpoint === undefined) checkUrl(variable, value);
  }
  const base = options.endpoint ?? (fromEnv ? undefined : DEFAULT_ENDPOINT);
  return {
    ...(base !== undefined ? { url: `${base.replace(/\/+$/, "")}/${path}` } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    timeoutMillis: options.timeoutMillis,
  };
}

/** Not printed back: an unparsable value may hold credentials that cannot be cut out. */
function checkUrl(source: string, value: string): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== "http:" && protocol !== "https:") {
    throw new TelemetryConfigurationError(`${source} must be an http:// or https:// URL.`);
  }
}
