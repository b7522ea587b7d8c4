import { getStringFromEnv } from "@opentelemetry/core";
import { OTLPMetricExporter as JsonMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtobufMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPTraceExporter as JsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtobufTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import type { PushMetricExporter } from "@opentelemetry/sdk-metrics";
import type { SpanExporter } from "@opentelemetry/sdk-trace";
import { grpcMetricExporter, grpcTraceExporter } from "./grpc-exporters.js";
import type { ChosenProtocol, OtlpSignal } from "./otlp-protocol.js";
import { TelemetryConfigurationError } from "./telemetry-configuration-error.js";

/** Where a local Collector, Jaeger or the RLM dashboard listens for OTLP/HTTP. */
export const DEFAULT_ENDPOINT = "http://127.0.0.1:4318";
/** Where a local Collector listens for OTLP/gRPC. */
const DEFAULT_GRPC_ENDPOINT = "http://127.0.0.1:4317";

export interface OtlpExporterOptions {
  /** A base URL given in code; over HTTP `/v1/traces` or `/v1/metrics` is appended. */
  endpoint: string | undefined;
  headers: Record<string, string> | undefined;
  protocol: ChosenProtocol;
  timeoutMillis: number;
}

/*
 * The exporters read the rest of the specification's variables themselves: the endpoints
 * (the signal's own, used as is, before the shared one, with its path appended over HTTP),
 * headers, compression and certificates. So only what was given in code is passed, and the
 * default endpoint only when the environment names none.
 */

export function otlpTraceExporter(options: OtlpExporterOptions): SpanExporter {
  const base = baseUrl("TRACES", options);
  switch (options.protocol.protocol) {
    case "grpc":
      return grpcTraceExporter({ ...grpcOptions(options), url: base });
    case "http/protobuf":
      return new ProtobufTraceExporter(httpConfig(base, "v1/traces", options));
    default:
      return new JsonTraceExporter(httpConfig(base, "v1/traces", options));
  }
}

export function otlpMetricExporter(options: OtlpExporterOptions): PushMetricExporter {
  const base = baseUrl("METRICS", options);
  switch (options.protocol.protocol) {
    case "grpc":
      return grpcMetricExporter({ ...grpcOptions(options), url: base });
    case "http/protobuf":
      return new ProtobufMetricExporter(httpConfig(base, "v1/metrics", options));
    default:
      return new JsonMetricExporter(httpConfig(base, "v1/metrics", options));
  }
}

/** The traces endpoint as configured, for messages (credentials are removed when printed). */
export function tracesEndpoint(endpoint: string | undefined, protocol: ChosenProtocol): string {
  return (
    endpoint ??
    getStringFromEnv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") ??
    getStringFromEnv("OTEL_EXPORTER_OTLP_ENDPOINT") ??
    defaultEndpoint(protocol)
  );
}

function defaultEndpoint(protocol: ChosenProtocol): string {
  return protocol.protocol === "grpc" ? DEFAULT_GRPC_ENDPOINT : DEFAULT_ENDPOINT;
}

/** The endpoint given in code or the default; undefined when the exporter reads a variable. */
function baseUrl(signal: OtlpSignal, options: OtlpExporterOptions): string | undefined {
  if (options.endpoint !== undefined) {
    checkUrl("the endpoint option", options.endpoint);
    return options.endpoint;
  }
  let fromEnv = false;
  for (const variable of [`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`, "OTEL_EXPORTER_OTLP_ENDPOINT"]) {
    const value = getStringFromEnv(variable);
    if (value === undefined) continue;
    // The exporters would warn through a diag logger nobody set and send to localhost instead.
    checkUrl(variable, value);
    fromEnv = true;
  }
  return fromEnv ? undefined : defaultEndpoint(options.protocol);
}

function httpConfig(base: string | undefined, path: string, options: OtlpExporterOptions) {
  return {
    ...(base !== undefined ? { url: `${base.replace(/\/+$/, "")}/${path}` } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    timeoutMillis: options.timeoutMillis,
  };
}

function grpcOptions(options: OtlpExporterOptions) {
  return {
    source: options.protocol.source,
    headers: options.headers,
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
