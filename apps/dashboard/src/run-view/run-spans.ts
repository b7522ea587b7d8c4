import type { DatabaseSync } from "node:sqlite";

/** A span without its attributes: what the tree and the timeline need, cheap to load in bulk. */
export interface LightSpan {
  spanId: string;
  parentSpanId: string | null;
  operation: string | null;
  name: string;
  nodeId: string | null;
  startMs: number;
  endMs: number;
  failed: boolean;
  errorType: string | null;
  depth: number | null;
  iteration: number | null;
  tier: string | null;
  provider: string | null;
  model: string | null;
  costUsd: number | null;
  subtreeCostUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
}

export function loadRunSpans(database: DatabaseSync, runId: string): LightSpan[] {
  const rows = database
    .prepare(
      `SELECT span_id, parent_span_id, operation, name, node_id, start_ms, end_ms, status_code,
        error_type, depth, iteration, tier, provider, model, cost_usd, subtree_cost_usd,
        input_tokens, output_tokens
      FROM spans WHERE run_id = ? ORDER BY start_ms`,
    )
    .all(runId) as Record<string, unknown>[];
  return rows.map((row) => ({
    spanId: row.span_id as string,
    parentSpanId: (row.parent_span_id as string | null) ?? null,
    operation: (row.operation as string | null) ?? null,
    name: row.name as string,
    nodeId: (row.node_id as string | null) ?? null,
    startMs: row.start_ms as number,
    endMs: row.end_ms as number,
    failed: row.status_code === 2,
    errorType: (row.error_type as string | null) ?? null,
    depth: (row.depth as number | null) ?? null,
    iteration: (row.iteration as number | null) ?? null,
    tier: (row.tier as string | null) ?? null,
    provider: (row.provider as string | null) ?? null,
    model: (row.model as string | null) ?? null,
    costUsd: (row.cost_usd as number | null) ?? null,
    subtreeCostUsd: (row.subtree_cost_usd as number | null) ?? null,
    inputTokens: (row.input_tokens as number | null) ?? null,
    outputTokens: (row.output_tokens as number | null) ?? null,
  }));
}
