import { spawn } from "node:child_process";
import { CliError, EXIT } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { findDashboard } from "./find-dashboard.js";

const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

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
    // A stop meant for this command (Ctrl-C, a service manager's SIGTERM, a closed terminal)
    // is passed on, so the server never outlives it.
    const forwarded = FORWARDED_SIGNALS.map((signal) => {
      const forward = () => child.kill(signal);
      process.on(signal, forward);
      return () => process.off(signal, forward);
    });
    child.on("exit", (code) => {
      for (const stopForwarding of forwarded) stopForwarding();
      resolve(code ?? EXIT.runFailed);
    });
  });
}
