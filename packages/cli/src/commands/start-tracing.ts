import type { OtelSink } from "@rlm/otel";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";

export interface CliTracing {
  sink: OtelSink;
  /** The traces endpoint, printable (without credentials). */
  endpoint: string;
  /** Sends what is left, once however often called; never rejects. True when all was sent. */
  shutdown(): Promise<boolean>;
}

/**
 * Spans and metrics of a command's run over OTLP/HTTP: to `endpoint` (`--trace`), else where
 * `OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` point, configured by the
 * standard `OTEL_*` variables; undefined when neither is set or `OTEL_SDK_DISABLED=true`. A
 * setting @rlm/otel cannot honour is a usage error, found before the run. A receiver that is
 * down costs a warning on stderr and at most the export timeout, never the command's exit
 * code: the answer was printed already.
 */
export async function startTracing(options: {
  endpoint: string | undefined;
  serviceName: string;
  io: CliIo;
}): Promise<CliTracing | undefined> {
  const { endpoint, serviceName, io } = options;
  if (endpoint !== undefined && !/^https?:\/\/./.test(endpoint)) {
    throw new CliError("--trace must be an http:// or https:// URL, e.g. http://127.0.0.1:4318.");
  }
  if (
    endpoint === undefined &&
    !io.env.OTEL_EXPORTER_OTLP_ENDPOINT &&
    !io.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
  ) {
    return undefined;
  }
  const { endpointForDisplay, setupTelemetry, TelemetryConfigurationError } = await import(
    "@rlm/otel/setup"
  );
  let failure: string | undefined;
  let telemetry: ReturnType<typeof setupTelemetry>;
  try {
    telemetry = setupTelemetry({
      ...(endpoint !== undefined ? { endpoint } : {}),
      serviceName,
      registerGlobal: false,
      onExportError: (error) => {
        failure ??= error.message;
      },
    });
  } catch (error) {
    if (TelemetryConfigurationError.isInstance(error)) throw new CliError(error.message);
    throw error;
  }
  if (!telemetry.enabled) return undefined;
  const printable = endpointForDisplay(telemetry.endpoint);
  let shutdown: Promise<boolean> | undefined;
  return {
    sink: telemetry.sink(),
    endpoint: printable,
    shutdown: () =>
      (shutdown ??= telemetry.shutdown().then(() => {
        if (failure) io.stderr.write(`rlm: traces not sent to ${printable}: ${failure}\n`);
        return failure === undefined;
      })),
  };
}
