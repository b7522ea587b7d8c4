import { getStringListFromEnv } from "@opentelemetry/core";
import { TelemetryConfigurationError } from "./telemetry-configuration-error.js";

export type ExporterName = "otlp" | "console";

const NAMES: readonly string[] = ["otlp", "console", "none"];

/**
 * The exporters named by `OTEL_TRACES_EXPORTER` or `OTEL_METRICS_EXPORTER` (a comma-separated
 * list of `otlp`, `console`, `none`), `["otlp"]` when unset, none when `none` is listed.
 */
export function exporterNamesFromEnv(
  variable: "OTEL_TRACES_EXPORTER" | "OTEL_METRICS_EXPORTER",
): ExporterName[] {
  const names = [...new Set(getStringListFromEnv(variable) ?? [])];
  const unknown = names.filter((name) => !NAMES.includes(name));
  if (unknown.length > 0) {
    throw new TelemetryConfigurationError(
      `${variable}="${unknown.join(",")}" names no exporter @rlm/otel knows: use otlp, console or none.`,
    );
  }
  if (names.includes("none")) return [];
  return names.length === 0 ? ["otlp"] : (names as ExporterName[]);
}
