import { spawn } from "node:child_process";
import { findDashboard } from "./find-dashboard.js";

export interface DashboardImport {
  ok: boolean;
  /** What the import script printed: the database path and run ids, or why it failed. */
  output: string;
}

/**
 * Imports a trajectory file into the dashboard's SQLite database (`RLM_DASHBOARD_DB`, else
 * ~/.rlm/dashboard.db) with the dashboard's own import command, so a run made while no
 * dashboard was listening still shows up there. `undefined` when the dashboard package is
 * missing beside this CLI.
 */
export async function importIntoDashboard(
  trajectoryPath: string,
): Promise<DashboardImport | undefined> {
  const dashboard = findDashboard();
  if (!dashboard) return undefined;
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--disable-warning=ExperimentalWarning", ...dashboard.import, trajectoryPath],
      { cwd: dashboard.dir, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.on("error", (error) => resolve({ ok: false, output: error.message }));
    child.on("close", (code) => resolve({ ok: code === 0, output: output.trim() }));
  });
}
