import type { DatabaseSync } from "node:sqlite";
import { type RunSummary, runSummaryFromRow } from "./run-summary.ts";

/** Columns the runs list can be sorted by, mapped to SQL. Anything else sorts by time. */
export const RUN_SORTS = {
  time: "started_ms",
  cost: "cost_usd",
  input: "input_tokens",
  output: "output_tokens",
  cached: "cache_read_tokens",
  depth: "depth_reached",
  subcalls: "subcalls",
  wall: "(coalesce(ended_ms, last_span_ms) - started_ms)",
  status: "status",
  model: "root_model",
} as const;

export type RunSort = keyof typeof RUN_SORTS;

export interface ListRunsOptions {
  sort?: string | undefined;
  order?: string | undefined;
  status?: string | undefined;
  model?: string | undefined;
  /** Matches the run's name, its query text or its id. */
  search?: string | undefined;
  limit?: number;
}

export interface RunList {
  runs: RunSummary[];
  total: number;
  sort: RunSort;
  order: "asc" | "desc";
  models: string[];
}

export function listRuns(database: DatabaseSync, options: ListRunsOptions = {}): RunList {
  const sort: RunSort =
    options.sort && options.sort in RUN_SORTS ? (options.sort as RunSort) : "time";
  const order = options.order === "asc" ? "asc" : "desc";
  const where: string[] = [];
  const parameters: string[] = [];
  if (options.status) {
    where.push("status = ?");
    parameters.push(options.status);
  }
  if (options.model) {
    where.push("root_model = ?");
    parameters.push(options.model);
  }
  if (options.search) {
    where.push(
      "(instr(lower(coalesce(name, '') || ' ' || coalesce(query, '')), lower(?)) > 0 OR instr(run_id, ?) > 0)",
    );
    parameters.push(options.search, options.search);
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
  // NULLs (unpriced runs, running runs without a model yet) go last in either direction.
  const column = RUN_SORTS[sort];
  const rows = database
    .prepare(
      `SELECT * FROM runs ${whereSql}
      ORDER BY ${column} IS NULL, ${column} ${order}, started_ms DESC LIMIT ?`,
    )
    .all(...parameters, options.limit ?? 500);
  const total = (
    database.prepare(`SELECT count(*) AS n FROM runs ${whereSql}`).get(...parameters) as {
      n: number;
    }
  ).n;
  const models = database
    .prepare(
      "SELECT DISTINCT root_model AS model FROM runs WHERE root_model IS NOT NULL ORDER BY 1",
    )
    .all()
    .map((row) => (row as { model: string }).model);
  return { runs: rows.map(runSummaryFromRow), total, sort, order, models };
}

export function getRun(database: DatabaseSync, runId: string): RunSummary | undefined {
  const row = database.prepare("SELECT * FROM runs WHERE run_id = ?").get(runId);
  return row ? runSummaryFromRow(row) : undefined;
}

/** Changes whenever spans arrive: what live views poll. */
export function storeRevision(database: DatabaseSync): number {
  return (database.prepare("SELECT value FROM revision WHERE id = 1").get() as { value: number })
    .value;
}
