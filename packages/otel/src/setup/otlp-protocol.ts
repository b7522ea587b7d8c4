import { getStringFromEnv } from "@opentelemetry/core";
import { TelemetryConfigurationError } from "./telemetry-configuration-error.js";

/**
 * The OTLP transports `setupTelemetry()` can send over: OTLP/HTTP (port 4318) as JSON or
 * protobuf, or gRPC (port 4317) when the SDK's optional gRPC exporters are installed.
 */
export type OtlpProtocol = "http/json" | "http/protobuf" | "grpc";

export type OtlpSignal = "TRACES" | "METRICS";

const PROTOCOLS: readonly string[] = [
  "http/json",
  "http/protobuf",
  "grpc",
] satisfies OtlpProtocol[];

export interface ChosenProtocol {
  protocol: OtlpProtocol;
  /** The option or variable that chose it, for messages. */
  source: string;
}

/**
 * The protocol of one signal: the option, else `OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL`, else
 * `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/json`.
 */
export function otlpProtocol(signal: OtlpSignal, option: OtlpProtocol | undefined): ChosenProtocol {
  const specific = `OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`;
  const [source, value] =
    option !== undefined
      ? ["the protocol option", option]
      : getStringFromEnv(specific) !== undefined
        ? [specific, getStringFromEnv(specific)]
        : ["OTEL_EXPORTER_OTLP_PROTOCOL", getStringFromEnv("OTEL_EXPORTER_OTLP_PROTOCOL")];
  if (value === undefined) return { protocol: "http/json", source };
  if (PROTOCOLS.includes(value)) return { protocol: value as OtlpProtocol, source };
  throw new TelemetryConfigurationError(
    `${source}="${value}" is not an OTLP protocol @rlm/otel can send: use http/protobuf, http/json or grpc.`,
  );
}
