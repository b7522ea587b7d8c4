import type { DatabaseSync } from "node:sqlite";
import { percentile } from "./percentile.ts";

export interface AggregateRow {
  key: string;
  calls: number;
  failed: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  p50Ms: number | undefined;
  p95Ms: number | undefined;
}

export interface Aggregates {
  byModel: AggregateRow[];
  byTier: AggregateRow[];
  byDepth: AggregateRow[];
  runs: number;
}

export interface AggregateOptions {
  runId?: string | undefined;
  /** Only runs started at or after this time (epoch ms). */
  sinceMs?: number | undefined;
}

type Dimension = "model" | "tier" | "depth";

/**
 * Cost, tokens and latency of model calls (`chat` spans) grouped by model, tier and depth,
 * over one run or all runs in a window. Percentiles are computed here, from the sorted
 * durations, since SQLite has no percentile function.
 */
export function aggregates(database: DatabaseSync, options: AggregateOptions = {}): Aggregates {
  const where = ["operation = 'chat'"];
  const parameters: (string | number)[] = [];
  if (options.runId) {
    where.push("run_id = ?");
    parameters.push(options.runId);
  } else {
    where.push("run_id IS NOT NULL");
  }
  if (options.sinceMs !== undefined) {
    where.push("run_id IN (SELECT run_id FROM runs WHERE started_ms >= ?)");
    parameters.push(options.sinceMs);
  }
  const rows = database
    .prepare(
      `SELECT coalesce(response_model, model, '(unknown)') AS model, coalesce(tier, '(none)') AS tier,
        coalesce(depth, 0) AS depth, end_ms - start_ms AS duration, status_code, cost_usd,
        input_tokens, output_tokens, cache_read_tokens
      FROM spans WHERE ${where.join(" AND ")}`,
    )
    .all(...parameters) as {
    model: string;
    tier: string;
    depth: number;
    duration: number;
    status_code: number;
    cost_usd: number | null;
    input_tokens: number | null;
    output_tokens: number | null;
    cache_read_tokens: number | null;
  }[];
  const groups: Record<Dimension, Map<string, { row: AggregateRow; durations: number[] }>> = {
    model: new Map(),
    tier: new Map(),
    depth: new Map(),
  };
  for (const row of rows) {
    for (const dimension of ["model", "tier", "depth"] as const) {
      const key = String(row[dimension]);
      let group = groups[dimension].get(key);
      if (!group) {
        group = {
          row: {
            key,
            calls: 0,
            failed: 0,
            costUsd: 0,
            inputTokens: 0,
            outputTokens: 0,
            cacheReadTokens: 0,
            p50Ms: undefined,
            p95Ms: undefined,
          },
          durations: [],
        };
        groups[dimension].set(key, group);
      }
      const aggregate = group.row;
      aggregate.calls++;
      if (row.status_code === 2) aggregate.failed++;
      aggregate.costUsd += row.cost_usd ?? 0;
      aggregate.inputTokens += row.input_tokens ?? 0;
      aggregate.outputTokens += row.output_tokens ?? 0;
      aggregate.cacheReadTokens += row.cache_read_tokens ?? 0;
      // Latency of calls that answered; a failure's time says little about the model.
      if (row.status_code !== 2) group.durations.push(row.duration);
    }
  }
  const finish = (dimension: Dimension): AggregateRow[] =>
    [...groups[dimension].values()]
      .map(({ row, durations }) => {
        durations.sort((a, b) => a - b);
        return { ...row, p50Ms: percentile(durations, 50), p95Ms: percentile(durations, 95) };
      })
      .sort((a, b) =>
        dimension === "depth" ? Number(a.key) - Number(b.key) : b.costUsd - a.costUsd,
      );
  const runs = (
    database
      .prepare(`SELECT count(DISTINCT run_id) AS n FROM spans WHERE ${where.join(" AND ")}`)
      .get(...parameters) as { n: number }
  ).n;
  return { byModel: finish("model"), byTier: finish("tier"), byDepth: finish("depth"), runs };
}
