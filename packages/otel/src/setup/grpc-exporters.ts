import { createRequire } from "node:module";
import type { PushMetricExporter } from "@opentelemetry/sdk-metrics";
import type { SpanExporter } from "@opentelemetry/sdk-trace";
import { TelemetryConfigurationError } from "./telemetry-configuration-error.js";

/*
 * The SDK's OTLP/gRPC exporters are optional peers: they bring @grpc/grpc-js, which most
 * users (OTLP/HTTP on port 4318) never need. They are loaded synchronously, as setupTelemetry()
 * is, through their CommonJS builds; the OpenTelemetry API keeps one global state for both.
 */
const requireHere = createRequire(import.meta.url);

const TRACE_PACKAGE = "@opentelemetry/exporter-trace-otlp-grpc";
const METRIC_PACKAGE = "@opentelemetry/exporter-metrics-otlp-grpc";

interface GrpcExporterConfig {
  url?: string;
  metadata?: unknown;
  timeoutMillis: number;
}

export interface GrpcExporterOptions {
  /** Where `grpc` was asked for, for the message when the exporter is not installed. */
  source: string;
  /** Used as it is (gRPC has no paths); the exporter reads the variables when undefined. */
  url: string | undefined;
  headers: Record<string, string> | undefined;
  timeoutMillis: number;
}

export function grpcTraceExporter(options: GrpcExporterOptions): SpanExporter {
  const { OTLPTraceExporter } = loadGrpcPackage(TRACE_PACKAGE, options.source) as {
    OTLPTraceExporter: new (config: GrpcExporterConfig) => SpanExporter;
  };
  return new OTLPTraceExporter(config(TRACE_PACKAGE, options));
}

export function grpcMetricExporter(options: GrpcExporterOptions): PushMetricExporter {
  const { OTLPMetricExporter } = loadGrpcPackage(METRIC_PACKAGE, options.source) as {
    OTLPMetricExporter: new (config: GrpcExporterConfig) => PushMetricExporter;
  };
  return new OTLPMetricExporter(config(METRIC_PACKAGE, options));
}

function config(packageName: string, options: GrpcExporterOptions): GrpcExporterConfig {
  return {
    ...(options.url !== undefined ? { url: options.url } : {}),
    ...(options.headers ? { metadata: metadata(packageName, options.headers) } : {}),
    timeoutMillis: options.timeoutMillis,
  };
}

/**
 * gRPC carries headers as `Metadata` of the @grpc/grpc-js the exporter uses (through its base
 * package), found from the exporter's own location so that a nested install resolves too.
 */
function metadata(packageName: string, headers: Record<string, string>): unknown {
  const fromExporter = createRequire(requireHere.resolve(packageName));
  const fromBase = createRequire(fromExporter.resolve("@opentelemetry/otlp-grpc-exporter-base"));
  const { Metadata } = fromBase("@grpc/grpc-js") as {
    Metadata: new () => { set(key: string, value: string): void };
  };
  const result = new Metadata();
  for (const [key, value] of Object.entries(headers)) result.set(key, value);
  return result;
}

/** An optional gRPC package; when it is not installed, an error saying what to install. */
export function loadGrpcPackage(packageName: string, source: string): unknown {
  try {
    return requireHere(packageName);
  } catch (error) {
    if ((error as { code?: string }).code !== "MODULE_NOT_FOUND") throw error;
    throw new TelemetryConfigurationError(
      `${source}=grpc needs the OpenTelemetry gRPC exporters: npm i ${TRACE_PACKAGE} ${METRIC_PACKAGE} (or send http/protobuf to port 4318).`,
    );
  }
}
