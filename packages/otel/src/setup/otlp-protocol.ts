import { getStringFromEnv } from "@opentelemetry/core";
import { TelemetryConfigurationError } from "./telemetry-configuration-error.js";

/** The OTLP transports `setupTelemetry()` can send over (both OTLP/HTTP, port 4318). */
export type OtlpProtocol = "http/json" | "http/protobuf";

export type OtlpSignal = "TRACES" | "METRICS";

const PROTOCOLS: readonly string[] = ["http/json", "http/protobuf"] satisfies OtlpProtocol[];

/**
 * The protocol of one signal: the option, else `OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL`, else
 * `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/json`. `grpc` is refused rather than silently
 * sent as HTTP to a gRPC port: the gRPC exporter would add @grpc/grpc-js to every install.
 */
export function otlpProtocol(signal: OtlpSignal, option: OtlpProtocol | undefined): OtlpProtocol {
  const specific = `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`;
  const [variable, value] =
    option !== undefined
      ? ["the protocol option", option]
      : getStringFromEnv(specific) !== undefined
        ? [specific, getStringFromEnv(specific)]
        : ["OTEL_EXPORTER_OTLP_PROTOCOL", getStringFromEnv("OTEL_EXPORTER_OTLP_PROTOCOL")];
  if (value === undefined) return "http/json";
  if (PROTOCOLS.includes(value)) return value as OtlpProtocol;
  if (value === "grpc") {
    throw new TelemetryConfigurationError(
      `${variable}=grpc is not supported by @rlm/otel's setupTelemetry(): use http/protobuf or http/json (OTLP/HTTP, port 4318), or register an SDK with the gRPC exporter yourself and use otelSink().`,
    );
  }
  throw new TelemetryConfigurationError(
    `${variable}="${value}" is not an OTLP protocol @rlm/otel can send: use http/protobuf or http/json.`,
  );
}
