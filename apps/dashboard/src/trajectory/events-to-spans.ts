import { createHash } from "node:crypto";
import type { RLMEvent } from "@rlm/core";
import { RunSpanBuilder, type SpanRecord as RunSpanRecord } from "@rlm/otel/spans";
import { type SpanRecord, STATUS_CODE_ERROR } from "../otlp/span-record.ts";

/** Characters kept of each imported text (code, output, prompts), like the exporter's cap. */
const MAX_CONTENT_CHARS = 16_384;

/** OTLP's SpanKind numbers. */
const KINDS: Record<RunSpanRecord["kind"], number> = { internal: 1, client: 3 };

/**
 * Turns one run's trajectory events into the spans `@rlm/otel` would have exported for it
 * (the same builder makes both, with content captured), so an imported run looks exactly
 * like one received over OTLP. Ids are derived from the run's ids, so importing the same
 * file twice replaces rather than duplicates. Spans still open when the events stop (a run
 * cut short) are left out, as an exporter would: the run then shows as running, and its
 * root span as missing.
 */
export function eventsToSpans(events: readonly RLMEvent[]): SpanRecord[] {
  const sorted = [...events].sort((a, b) => a.seq - b.seq || a.time - b.time);
  const runId = sorted[0]?.runId ?? "";
  const traceId = id(runId, "trace", 16);
  const spans: SpanRecord[] = [];
  const builder = new RunSpanBuilder({
    capture: { maxChars: MAX_CONTENT_CHARS, redact: undefined },
    onEnd: (record) => {
      spans.push({
        traceId,
        spanId: id(runId, record.id, 8),
        parentSpanId: record.parentId !== undefined ? id(runId, record.parentId, 8) : undefined,
        name: record.name,
        kind: KINDS[record.kind],
        startMs: record.startTime,
        endMs: record.endTime ?? record.startTime,
        statusCode: record.status.code === "error" ? STATUS_CODE_ERROR : 0,
        statusMessage: record.status.code === "error" ? record.status.message : undefined,
        attributes: record.attributes,
        events: record.events.map((event) => ({
          name: event.name,
          timeMs: event.time,
          attributes: event.attributes,
        })),
        serviceName: "rlm-trajectory-import",
      });
    },
  });
  for (const event of sorted) builder.handle(event);
  return spans;
}

/** A stable id of `bytes` bytes for one thing of a run. */
function id(runId: string, key: string, bytes: number): string {
  return createHash("sha256")
    .update(`${runId}\u0000${key}`)
    .digest("hex")
    .slice(0, bytes * 2);
}
