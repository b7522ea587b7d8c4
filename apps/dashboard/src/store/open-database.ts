import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { SCHEMA_SQL, SCHEMA_VERSION } from "./schema.ts";

/** `RLM_DASHBOARD_DB`, else `~/.rlm/dashboard.db`. */
export function defaultDatabasePath(): string {
  return process.env.RLM_DASHBOARD_DB || join(homedir(), ".rlm", "dashboard.db");
}

/**
 * Opens (creating if needed) the SQLite database at `path`. `node:sqlite` is loaded through
 * `process.getBuiltinModule` so that Next's bundler leaves it alone instead of trying to
 * resolve a module it does not know.
 */
export function openDatabase(path: string): DatabaseSync {
  const sqlite = process.getBuiltinModule("node:sqlite") as
    | typeof import("node:sqlite")
    | undefined;
  if (!sqlite) {
    throw new Error(
      `node:sqlite is unavailable in Node ${process.version}; use Node 22.13 or later.`,
    );
  }
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new sqlite.DatabaseSync(path);
  // WAL lets the views read while a large export is being written; NORMAL sync is durable
  // across process crashes, which is what a local tool needs.
  database.exec(
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;",
  );
  database.exec(SCHEMA_SQL);
  addMissingColumns(database);
  const row = database.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
    | { value: string }
    | undefined;
  if (!row) {
    database
      .prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)")
      .run(String(SCHEMA_VERSION));
  } else if (Number(row.value) > SCHEMA_VERSION) {
    throw new Error(
      `${path} was written by a newer dashboard (schema ${row.value}); this one reads schema ${SCHEMA_VERSION}.`,
    );
  }
  return database;
}

/**
 * Columns added to `runs` after the schema's first version, for databases created before
 * them: a nullable column is read as NULL by older dashboards, so the version stays.
 */
function addMissingColumns(database: DatabaseSync): void {
  const columns = new Set(
    database
      .prepare("SELECT name FROM pragma_table_info('runs')")
      .all()
      .map((row) => (row as { name: string }).name),
  );
  if (!columns.has("name")) database.exec("ALTER TABLE runs ADD COLUMN name TEXT");
  if (!columns.has("cache_hits")) database.exec("ALTER TABLE runs ADD COLUMN cache_hits INTEGER");
}
