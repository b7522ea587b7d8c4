import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import type { EventSink, RLMResult } from "@rlm/core";
import { otelSink } from "@rlm/otel";
import { ingestTraces } from "../../src/ingest/ingest-traces.ts";
import { importTrajectory } from "../../src/trajectory/import-trajectory.ts";
import { jsonBody } from "./otlp-bodies.ts";
import { tempDatabase } from "./temp-database.ts";

/**
 * Runs `run` with an `@rlm/otel` sink (content captured) and stores the run twice: its
 * trajectory imported into one database, its spans received over OTLP into another, so a
 * test can check that both show the same.
 */
export async function recordedRun<Answer>(
  run: (sink: EventSink) => Promise<RLMResult<Answer>>,
): Promise<{
  result: RLMResult<Answer>;
  imported: ReturnType<typeof tempDatabase>;
  received: ReturnType<typeof tempDatabase>;
  dispose: () => void;
}> {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const result = await run(otelSink({ tracerProvider, captureContent: true }));
  await tracerProvider.forceFlush();
  const imported = tempDatabase();
  const received = tempDatabase();
  importTrajectory(
    imported.database,
    result.trajectory.map((event) => JSON.stringify(event)).join("\n"),
  );
  ingestTraces(received.database, {
    body: jsonBody(exporter.getFinishedSpans()),
    contentType: "application/json",
    contentEncoding: null,
  });
  return {
    result,
    imported,
    received,
    dispose: () => {
      imported.dispose();
      received.dispose();
    },
  };
}
