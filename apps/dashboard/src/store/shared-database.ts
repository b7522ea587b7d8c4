import type { DatabaseSync } from "node:sqlite";
import { defaultDatabasePath, openDatabase } from "./open-database.ts";

const KEY = Symbol.for("rlm.dashboard.database");

type Holder = { [KEY]?: { path: string; database: DatabaseSync } };

/**
 * The server's one connection, opened on first use. Kept on `globalThis` because Next may
 * load a module more than once (per route bundle, and again on every dev reload), and two
 * connections would each pay the schema check and fight over the write lock.
 */
export function sharedDatabase(): DatabaseSync {
  const holder = globalThis as Holder;
  const path = defaultDatabasePath();
  const current = holder[KEY];
  if (current && current.path === path) return current.database;
  current?.database.close();
  const database = openDatabase(path);
  holder[KEY] = { path, database };
  return database;
}
