import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface RunningDashboard {
  url: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the built dashboard the way users do (the package's `rlm-dashboard` bin, by default
 * the one of this folder) on a free port with its own database, and resolves once it listens.
 */
export async function startDashboard(options: {
  databasePath: string;
  port?: number;
  host?: string;
  env?: Record<string, string>;
  /** The `rlm-dashboard` script to run, e.g. one installed from the packed tarball. */
  bin?: string;
}): Promise<RunningDashboard> {
  const port = options.port ?? (await freePort());
  const host = options.host ?? "127.0.0.1";
  const bin = options.bin ?? join(APP_DIR, "bin", "rlm-dashboard.js");
  const child = spawn(process.execPath, [bin, "--port", String(port), "--host", host], {
    cwd: dirname(bin),
    env: {
      ...process.env,
      NODE_ENV: "production",
      RLM_DASHBOARD_DB: options.databasePath,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Dashboard did not start:\n${output}`)),
      // Only catches a hang: a busy machine takes far longer than a quiet one.
      180_000,
    );
    const check = () => {
      if (output.includes("RLM dashboard on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Dashboard exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://${host}:${port}`,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
