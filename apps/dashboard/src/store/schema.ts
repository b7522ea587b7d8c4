/**
 * The database layout. `spans` keeps every span as it arrived, with the attributes the views
 * filter and sum on lifted into columns; `runs` is a summary per run, recomputed from its
 * spans whenever some arrive, so the runs list never scans spans.
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS spans (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT,
  run_id TEXT,
  node_id TEXT,
  operation TEXT,
  name TEXT NOT NULL,
  kind INTEGER NOT NULL,
  start_ms REAL NOT NULL,
  end_ms REAL NOT NULL,
  status_code INTEGER NOT NULL,
  status_message TEXT,
  error_type TEXT,
  depth INTEGER,
  iteration INTEGER,
  attempt INTEGER,
  tier TEXT,
  provider TEXT,
  model TEXT,
  response_model TEXT,
  input_tokens INTEGER,
  output_tokens INTEGER,
  cache_read_tokens INTEGER,
  reasoning_tokens INTEGER,
  cost_usd REAL,
  subtree_cost_usd REAL,
  attributes TEXT NOT NULL,
  events TEXT,
  service_name TEXT,
  received_ms REAL NOT NULL,
  PRIMARY KEY (trace_id, span_id)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS spans_by_run ON spans (run_id, start_ms);
CREATE INDEX IF NOT EXISTS spans_by_operation ON spans (operation, start_ms);

CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  trace_id TEXT,
  source TEXT NOT NULL,
  started_ms REAL NOT NULL,
  ended_ms REAL,
  last_span_ms REAL NOT NULL,
  updated_ms REAL NOT NULL,
  query TEXT,
  name TEXT,
  root_model TEXT,
  root_provider TEXT,
  status TEXT NOT NULL,
  error_type TEXT,
  error_message TEXT,
  limit_exceeded TEXT,
  cost_usd REAL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  model_calls INTEGER NOT NULL,
  failed_spans INTEGER NOT NULL,
  depth_reached INTEGER NOT NULL,
  max_depth_limit INTEGER,
  limits TEXT NOT NULL,
  subcalls INTEGER NOT NULL,
  cache_hits INTEGER,
  node_count INTEGER NOT NULL,
  span_count INTEGER NOT NULL,
  service_name TEXT
);

CREATE INDEX IF NOT EXISTS runs_by_start ON runs (started_ms);

CREATE TABLE IF NOT EXISTS revision (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
INSERT OR IGNORE INTO revision (id, value) VALUES (1, 0);
`;
