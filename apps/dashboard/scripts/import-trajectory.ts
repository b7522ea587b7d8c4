/**
 * Imports trajectory files written by `@rlm/core`'s `trajectoryFileSink` into the dashboard's
 * database: `rlm-dashboard import FILE…` (database: `RLM_DASHBOARD_DB`, else
 * ~/.rlm/dashboard.db). A running dashboard shows the runs at once.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { defaultDatabasePath, openDatabase } from "../src/store/open-database.ts";
import { importTrajectory } from "../src/trajectory/import-trajectory.ts";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("Usage: rlm-dashboard import FILE.jsonl [FILE…]");
  process.exit(2);
}
const path = defaultDatabasePath();
const database = openDatabase(path);
let failed = false;
for (const file of files) {
  // pnpm runs scripts in the package folder; resolve from where the user typed the command.
  const full = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  try {
    const { runIds, spanCount, skippedLastLine } = importTrajectory(
      database,
      await readFile(full, "utf8"),
    );
    console.log(`${file}: ${runIds.length} run(s), ${spanCount} spans → ${path}`);
    if (skippedLastLine) {
      console.error(`${file}: line ${skippedLastLine} was cut off mid-write and left out.`);
    }
    for (const runId of runIds) console.log(`  ${runId}`);
  } catch (error) {
    failed = true;
    console.error(`${file}: ${(error as Error).message}`);
  }
}
database.close();
process.exit(failed ? 1 : 0);
