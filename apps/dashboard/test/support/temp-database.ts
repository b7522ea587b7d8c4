import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { openDatabase } from "../../src/store/open-database.ts";

/** A database in a fresh temporary directory; `dispose` closes and deletes it. */
export function tempDatabase(): { path: string; database: DatabaseSync; dispose(): void } {
  const directory = mkdtempSync(join(tmpdir(), "rlm-dashboard-test-"));
  const path = join(directory, "dashboard.db");
  const database = openDatabase(path);
  return {
    path,
    database,
    dispose() {
      database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
