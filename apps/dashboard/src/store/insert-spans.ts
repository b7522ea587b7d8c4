import type { DatabaseSync } from "node:sqlite";
import type { SpanRecord } from "../otlp/span-record.ts";
import { recomputeRun } from "./recompute-run.ts";
import { spanColumns } from "./span-columns.ts";

export type SpanSource = "otlp" | "import";

const INSERT_SQL = `
INSERT OR REPLACE INTO spans (
  trace_id, span_id, parent_span_id, run_id, node_id, operation, name, kind, start_ms, end_ms,
  status_code, status_message, error_type, depth, iteration, attempt, tier, provider, model,
  response_model, input_tokens, output_tokens, cache_read_tokens, reasoning_tokens, cost_usd,
  subtree_cost_usd, attributes, events, service_name, received_ms
) VALUES (${new Array(30).fill("?").join(", ")})`;

/**
 * Stores spans and refreshes the summary of every run they belong to, in one transaction:
 * a request is stored whole or not at all. A span sent twice (an exporter retrying after a
 * lost response) replaces its first copy; if that copy belonged to another run, that run's
 * summary is rebuilt as well.
 */
export function insertSpans(
  database: DatabaseSync,
  spans: readonly SpanRecord[],
  source: SpanSource,
): { runIds: string[] } {
  const insert = database.prepare(INSERT_SQL);
  const previousRun = database.prepare(
    "SELECT run_id FROM spans WHERE trace_id = ? AND span_id = ?",
  );
  const now = Date.now();
  const runIds = new Set<string>();
  database.exec("BEGIN IMMEDIATE");
  try {
    for (const span of spans) {
      const columns = spanColumns(span);
      if (columns.runId !== null) runIds.add(columns.runId);
      // A span with the ids of one stored for another run replaces it: that run changes too.
      const replaced = previousRun.get(span.traceId, span.spanId) as
        | { run_id: string | null }
        | undefined;
      if (replaced?.run_id) runIds.add(replaced.run_id);
      insert.run(
        span.traceId,
        span.spanId,
        span.parentSpanId ?? null,
        columns.runId,
        columns.nodeId,
        columns.operation,
        span.name,
        span.kind,
        span.startMs,
        span.endMs,
        span.statusCode,
        span.statusMessage ?? null,
        columns.errorType,
        columns.depth,
        columns.iteration,
        columns.attempt,
        columns.tier,
        columns.provider,
        columns.model,
        columns.responseModel,
        columns.inputTokens,
        columns.outputTokens,
        columns.cacheReadTokens,
        columns.reasoningTokens,
        columns.costUsd,
        columns.subtreeCostUsd,
        JSON.stringify(span.attributes),
        span.events.length > 0 ? JSON.stringify(span.events) : null,
        span.serviceName ?? null,
        now,
      );
    }
    for (const runId of runIds) recomputeRun(database, { runId, source, now });
    if (spans.length > 0) database.exec("UPDATE revision SET value = value + 1 WHERE id = 1");
    database.exec("COMMIT");
  } catch (error) {
    database.exec("ROLLBACK");
    throw error;
  }
  return { runIds: [...runIds] };
}
