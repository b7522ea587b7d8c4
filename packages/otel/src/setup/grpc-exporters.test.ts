import { expect, it } from "vitest";
import { loadGrpcPackage } from "./grpc-exporters.js";
import { TelemetryConfigurationError } from "./telemetry-configuration-error.js";

it("names the packages to install when a gRPC exporter is missing", () => {
  let thrown: unknown;
  try {
    loadGrpcPackage("@opentelemetry/exporter-not-installed-here", "OTEL_EXPORTER_OTLP_PROTOCOL");
  } catch (error) {
    thrown = error;
  }
  expect(TelemetryConfigurationError.isInstance(thrown)).toBe(true);
  expect((thrown as Error).message).toBe(
    "OTEL_EXPORTER_OTLP_PROTOCOL=grpc needs the OpenTelemetry gRPC exporters: npm i @opentelemetry/exporter-trace-otlp-grpc @opentelemetry/exporter-metrics-otlp-grpc (or send http/protobuf to port 4318).",
  );
  expect(loadGrpcPackage("@opentelemetry/exporter-trace-otlp-grpc", "x")).toHaveProperty(
    "OTLPTraceExporter",
  );
});
