import { spawn } from "node:child_process";
import { CliError, EXIT } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { findDashboard } from "./find-dashboard.js";

/**
 * Starts the dashboard (`@rlm/dashboard`, a dependency of this CLI) on 127.0.0.1:4318: the
 * prebuilt server of the installed package, or in the repository the sources, built first
 * when they changed. Extra arguments (`--port`, `--host`) pass through to its server.
 */
export async function dashboardCommand(argv: string[], io: CliIo): Promise<number> {
  const dashboard = findDashboard();
  if (!dashboard) {
    throw new CliError(
      "The dashboard package is missing beside this CLI: install it with `npm i @rlm/dashboard`, or start it with `npx @rlm/dashboard`.",
      EXIT.runFailed,
    );
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...dashboard.serve, ...argv], {
      cwd: io.cwd,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    const forward = () => child.kill("SIGINT");
    process.once("SIGINT", forward);
    child.on("exit", (code) => {
      process.off("SIGINT", forward);
      resolve(code ?? EXIT.runFailed);
    });
  });
}
