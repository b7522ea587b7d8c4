import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { SubCallCache, SubCallCacheEntry } from "../memo/sub-call-cache.js";

export interface SqliteSubCallCacheOptions {
  /** The database file; created (with its folder) if missing. `":memory:"` keeps it in memory. */
  path: string;
  /** Replies older than this many milliseconds are not reused (and are deleted when read). */
  ttlMs?: number;
  /** The clock that dates replies and ages them, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** A cross-run sub-call cache in a SQLite file, read and written synchronously. */
export interface SqliteSubCallCache extends SubCallCache {
  get(key: string): SubCallCacheEntry | undefined;
  set(key: string, entry: SubCallCacheEntry): void;
  /** Releases the file; the cache cannot be used after. */
  close(): void;
}

/**
 * Keeps memoised sub-call replies in a SQLite file (`node:sqlite`, Node 22.13 or later), so
 * later runs, in this process or another, reuse them:
 * `createRLM({ ..., memoize: { cache: sqliteSubCallCache({ path: ".rlm/subcalls.db" }) } })`.
 */
export function sqliteSubCallCache(options: SqliteSubCallCacheOptions): SqliteSubCallCache {
  const { path, ttlMs } = options;
  if (typeof path !== "string" || path === "") {
    throw new TypeError('sqliteSubCallCache: `path` must be a file path (or ":memory:").');
  }
  if (ttlMs !== undefined && !(ttlMs > 0)) {
    throw new RangeError(`sqliteSubCallCache: \`ttlMs\` must be a positive number, got ${ttlMs}.`);
  }
  const now = options.now ?? Date.now;
  let database: DatabaseSync;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    database = new DatabaseSync(path);
    // Several processes may share the file: WAL lets them read while one writes.
    database.exec("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;");
    database.exec(
      "CREATE TABLE IF NOT EXISTS rlm_subcall_cache (key TEXT PRIMARY KEY, entry TEXT NOT NULL, stored_at REAL NOT NULL) WITHOUT ROWID",
    );
  } catch (error) {
    throw new Error(
      `sqliteSubCallCache: cannot open ${path} as a SQLite database: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const statements: Record<"select" | "upsert" | "remove", StatementSync> = {
    select: database.prepare("SELECT entry, stored_at FROM rlm_subcall_cache WHERE key = ?"),
    upsert: database.prepare(
      "INSERT OR REPLACE INTO rlm_subcall_cache (key, entry, stored_at) VALUES (?, ?, ?)",
    ),
    remove: database.prepare("DELETE FROM rlm_subcall_cache WHERE key = ?"),
  };
  let closed = false;
  return {
    get(key) {
      const row = statements.select.get(key) as { entry: string; stored_at: number } | undefined;
      if (!row) return undefined;
      if (ttlMs !== undefined && now() - row.stored_at > ttlMs) {
        statements.remove.run(key);
        return undefined;
      }
      return parseEntry(row.entry);
    },
    set(key, entry) {
      statements.upsert.run(key, JSON.stringify(entry), now());
    },
    close() {
      if (closed) return;
      closed = true;
      database.close();
    },
  };
}

/** A stored entry, or `undefined` for a row that is not one (written by something else). */
function parseEntry(text: string): SubCallCacheEntry | undefined {
  try {
    const entry = JSON.parse(text) as SubCallCacheEntry;
    return typeof entry?.text === "string" && typeof entry.modelId === "string" ? entry : undefined;
  } catch {
    return undefined;
  }
}
