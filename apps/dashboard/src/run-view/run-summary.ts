/** One row of the runs list, as the `runs` table keeps it. */
export interface RunSummary {
  runId: string;
  traceId: string | null;
  source: string;
  startedMs: number;
  endedMs: number | null;
  lastSpanMs: number;
  query: string | null;
  /** The run's `name` from `complete()`: a title that is not content. */
  name: string | null;
  rootModel: string | null;
  rootProvider: string | null;
  status: RunStatus;
  errorType: string | null;
  errorMessage: string | null;
  limitExceeded: string | null;
  costUsd: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
  modelCalls: number;
  failedSpans: number;
  depthReached: number;
  maxDepthLimit: number | null;
  limits: Record<string, unknown>;
  subcalls: number;
  /** Sub-calls answered from core's memo (`memoize`); not among `modelCalls`. */
  cacheHits: number;
  nodeCount: number;
  spanCount: number;
  serviceName: string | null;
  /** End minus start; for a running run, up to its latest span. */
  wallMs: number;
}

export type RunStatus = "running" | "ok" | "error" | "limit";

export function runSummaryFromRow(row: Record<string, unknown>): RunSummary {
  const startedMs = row.started_ms as number;
  const endedMs = (row.ended_ms as number | null) ?? null;
  const lastSpanMs = row.last_span_ms as number;
  return {
    runId: row.run_id as string,
    traceId: (row.trace_id as string | null) ?? null,
    source: row.source as string,
    startedMs,
    endedMs,
    lastSpanMs,
    query: (row.query as string | null) ?? null,
    name: (row.name as string | null) ?? null,
    rootModel: (row.root_model as string | null) ?? null,
    rootProvider: (row.root_provider as string | null) ?? null,
    status: row.status as RunStatus,
    errorType: (row.error_type as string | null) ?? null,
    errorMessage: (row.error_message as string | null) ?? null,
    limitExceeded: (row.limit_exceeded as string | null) ?? null,
    costUsd: (row.cost_usd as number | null) ?? null,
    inputTokens: row.input_tokens as number,
    outputTokens: row.output_tokens as number,
    cacheReadTokens: row.cache_read_tokens as number,
    reasoningTokens: row.reasoning_tokens as number,
    modelCalls: row.model_calls as number,
    failedSpans: row.failed_spans as number,
    depthReached: row.depth_reached as number,
    maxDepthLimit: (row.max_depth_limit as number | null) ?? null,
    limits: JSON.parse((row.limits as string) || "{}") as Record<string, unknown>,
    subcalls: row.subcalls as number,
    cacheHits: (row.cache_hits as number | null) ?? 0,
    nodeCount: row.node_count as number,
    spanCount: row.span_count as number,
    serviceName: (row.service_name as string | null) ?? null,
    wallMs: (endedMs ?? lastSpanMs) - startedMs,
  };
}

/**
 * What a run is listed as: its name, else its query (captured content), else its id. The
 * root span carries both, so a running run is shown by its id until it ends.
 */
export function runTitle(run: Pick<RunSummary, "name" | "query" | "runId">): string {
  return run.name ?? run.query ?? run.runId;
}
