import type { OtelSink } from "@rlm/otel";
import type { CliIo } from "../cli-io.js";

export interface CliTracing {
  sink: OtelSink;
  /** Sends what is left, once however often called; never rejects. True when all was sent. */
  shutdown(): Promise<boolean>;
}

/**
 * Spans and metrics of a command's run over OTLP/HTTP to `endpoint`. A receiver that is down
 * costs a warning on stderr and at most the export timeout, never the command's exit code:
 * the answer was printed already.
 */
export async function startTracing(
  endpoint: string,
  serviceName: string,
  io: CliIo,
): Promise<CliTracing> {
  const { endpointForDisplay, setupTelemetry } = await import("@rlm/otel/setup");
  let failure: string | undefined;
  const telemetry = setupTelemetry({
    endpoint,
    serviceName,
    registerGlobal: false,
    onExportError: (error) => {
      failure ??= error.message;
    },
  });
  let shutdown: Promise<boolean> | undefined;
  return {
    sink: telemetry.sink(),
    shutdown: () =>
      (shutdown ??= telemetry.shutdown().then(() => {
        if (failure) {
          io.stderr.write(`rlm: traces not sent to ${endpointForDisplay(endpoint)}: ${failure}\n`);
        }
        return failure === undefined;
      })),
  };
}
