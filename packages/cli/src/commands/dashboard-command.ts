import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CliError, EXIT } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { findDashboard } from "./find-dashboard.js";

/**
 * Starts the dashboard (apps/dashboard of the repository): builds it when there is no
 * build yet, then serves it on 127.0.0.1:4318. Extra arguments (`--port`, `--host`) pass
 * through to its server.
 */
export async function dashboardCommand(argv: string[], io: CliIo): Promise<number> {
  const app = findDashboard();
  if (!app) {
    throw new CliError(
      "The dashboard is not installed next to this CLI. It ships with the repository: clone it and run `pnpm dashboard`.",
      EXIT.runFailed,
    );
  }
  if (!existsSync(join(app, ".next", "BUILD_ID"))) {
    io.stderr.write("Building the dashboard (once)...\n");
    const built = await run(
      process.execPath,
      [join(app, "node_modules", "next", "dist", "bin", "next"), "build"],
      app,
    );
    if (built !== 0) return EXIT.runFailed;
  }
  return run(process.execPath, [join(app, "scripts", "serve.ts"), ...argv], app);
}

function run(command: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
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
