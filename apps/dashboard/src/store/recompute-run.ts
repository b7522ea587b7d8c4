import type { DatabaseSync } from "node:sqlite";
import { semconv } from "@rlm/otel/spans";
import { firstMessageText } from "../run-view/message-text.ts";
import { ROOT_SPAN_WHERE } from "./root-span.ts";

interface Totals {
  span_count: number;
  started_ms: number;
  last_span_ms: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  reasoning_tokens: number;
  model_calls: number;
  cache_hits: number;
  chat_cost: number | null;
  priced_calls: number;
  failed_spans: number;
  node_count: number;
  max_depth: number | null;
  trace_id: string;
  service_name: string | null;
}

interface RootRow {
  trace_id: string;
  start_ms: number;
  end_ms: number;
  status_code: number;
  status_message: string | null;
  error_type: string | null;
  model: string | null;
  provider: string | null;
  subtree_cost_usd: number | null;
  attributes: string;
}

const LIMIT_ERRORS = new Set(["BudgetExceededError", "MaxDepthError"]);

/** A chat span answered from core's memo: no request was sent, so it is no model call. */
const CACHE_HIT = `coalesce(json_extract(attributes, '$."${semconv.ATTR_RLM_CACHE_HIT}"'), 0) = 1`;

/**
 * Rebuilds one run's summary row from its spans. The root `invoke_agent` span is exported
 * last, when the run ends: until it arrives the run is shown as running, with totals summed
 * from the spans that did arrive.
 */
export function recomputeRun(
  database: DatabaseSync,
  options: { runId: string; source: string; now: number },
): void {
  const { runId } = options;
  const totals = database
    .prepare(
      `SELECT count(*) AS span_count, min(start_ms) AS started_ms, max(end_ms) AS last_span_ms,
        coalesce(sum(input_tokens) FILTER (WHERE operation = 'chat'), 0) AS input_tokens,
        coalesce(sum(output_tokens) FILTER (WHERE operation = 'chat'), 0) AS output_tokens,
        coalesce(sum(cache_read_tokens) FILTER (WHERE operation = 'chat'), 0) AS cache_read_tokens,
        coalesce(sum(reasoning_tokens) FILTER (WHERE operation = 'chat'), 0) AS reasoning_tokens,
        count(*) FILTER (WHERE operation = 'chat' AND NOT ${CACHE_HIT}) AS model_calls,
        count(*) FILTER (WHERE operation = 'chat' AND ${CACHE_HIT}) AS cache_hits,
        sum(cost_usd) FILTER (WHERE operation = 'chat') AS chat_cost,
        count(cost_usd) FILTER (WHERE operation = 'chat') AS priced_calls,
        count(*) FILTER (WHERE status_code = 2) AS failed_spans,
        count(DISTINCT node_id) AS node_count,
        max(depth) FILTER (WHERE operation = 'invoke_agent') AS max_depth,
        min(trace_id) AS trace_id,
        max(service_name) AS service_name
      FROM spans WHERE run_id = ?`,
    )
    .get(runId) as unknown as Totals;
  if (totals.span_count === 0) {
    // Its last span was replaced by one of another run (same ids): nothing left to show.
    database.prepare("DELETE FROM runs WHERE run_id = ?").run(runId);
    return;
  }
  const root = database
    .prepare(
      `SELECT trace_id, start_ms, end_ms, status_code, status_message, error_type, model, provider,
        subtree_cost_usd, attributes
      FROM spans WHERE ${ROOT_SPAN_WHERE} ORDER BY start_ms LIMIT 1`,
    )
    .get(runId) as unknown as RootRow | undefined;
  const rootAttributes = root ? (JSON.parse(root.attributes) as Record<string, unknown>) : {};

  const limits: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rootAttributes)) {
    if (key.startsWith(semconv.ATTR_RLM_LIMIT_PREFIX) && key !== semconv.ATTR_RLM_LIMIT_EXCEEDED) {
      limits[key.slice(semconv.ATTR_RLM_LIMIT_PREFIX.length)] = value;
    }
  }
  const limitExceeded = stringOrNull(rootAttributes[semconv.ATTR_RLM_LIMIT_EXCEEDED]);
  let status = "running";
  if (root) {
    if (root.status_code !== 2) status = "ok";
    else if (limitExceeded || LIMIT_ERRORS.has(root.error_type ?? "")) status = "limit";
    else status = "error";
  }
  const subtreeSubcalls = rootAttributes[semconv.ATTR_RLM_SUBTREE_SUBCALLS];
  const subcalls =
    typeof subtreeSubcalls === "number" ? subtreeSubcalls : countSubcalls(database, runId);
  const depthReached = rootAttributes[semconv.ATTR_RLM_DEPTH_REACHED];
  // Every model call attempt has its own chat span, so their sum is the run's cost; the
  // root's subtree cost says the same once it arrives, and wins when a call lacked a price.
  const costUsd = root?.subtree_cost_usd ?? (totals.priced_calls > 0 ? totals.chat_cost : null);

  database
    .prepare(
      `INSERT OR REPLACE INTO runs (
        run_id, trace_id, source, started_ms, ended_ms, last_span_ms, updated_ms, query, name,
        root_model, root_provider, status, error_type, error_message, limit_exceeded, cost_usd,
        input_tokens, output_tokens, cache_read_tokens, reasoning_tokens, model_calls,
        failed_spans, depth_reached, max_depth_limit, limits, subcalls, cache_hits, node_count,
        span_count, service_name
      ) VALUES (?, ?, coalesce((SELECT source FROM runs WHERE run_id = ?), ?), ?, ?, ?, ?, ?, ?,
        ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      runId,
      root?.trace_id ?? totals.trace_id,
      runId,
      options.source,
      root ? Math.min(root.start_ms, totals.started_ms) : totals.started_ms,
      root?.end_ms ?? null,
      totals.last_span_ms,
      options.now,
      firstMessageText(rootAttributes[semconv.ATTR_GEN_AI_INPUT_MESSAGES]) ?? null,
      stringOrNull(rootAttributes[semconv.ATTR_RLM_RUN_NAME]),
      root?.model ?? null,
      root?.provider ?? null,
      status,
      root?.status_code === 2 ? (root.error_type ?? "error") : null,
      root?.status_code === 2 ? root.status_message : null,
      limitExceeded,
      costUsd,
      totals.input_tokens,
      totals.output_tokens,
      totals.cache_read_tokens,
      totals.reasoning_tokens,
      totals.model_calls,
      totals.failed_spans,
      typeof depthReached === "number" ? depthReached : (totals.max_depth ?? 0),
      typeof limits.max_depth === "number" ? limits.max_depth : null,
      JSON.stringify(limits),
      subcalls,
      totals.cache_hits,
      totals.node_count,
      totals.span_count,
      totals.service_name,
    );
}

/**
 * Sub-calls made from sandbox code, counted from spans while the root (which carries the
 * count) has not arrived: children of a cell span, one per call (retries are not new calls).
 */
function countSubcalls(database: DatabaseSync, runId: string): number {
  const row = database
    .prepare(
      `SELECT count(*) AS count FROM spans child
      JOIN spans cell ON cell.trace_id = child.trace_id AND cell.span_id = child.parent_span_id
      WHERE child.run_id = ? AND cell.operation = 'execute_tool'
        AND (child.operation = 'invoke_agent'
          OR (child.operation = 'chat' AND coalesce(child.attempt, 1) = 1))`,
    )
    .get(runId) as { count: number };
  return row.count;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}
