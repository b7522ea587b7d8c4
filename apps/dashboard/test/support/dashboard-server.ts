import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** `next build` of the dashboard, with the Node running this process (the pinned one). */
export async function buildDashboard(): Promise<void> {
  const nextBin = join(
    dirname(createRequire(join(APP_DIR, "package.json")).resolve("next/package.json")),
    "dist/bin/next",
  );
  const child = spawn(process.execPath, [nextBin, "build"], {
    cwd: APP_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${output}`);
}

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
 * Starts the built dashboard the way users do (`scripts/serve.ts`) on a free port with its
 * own database, and resolves once it listens.
 */
export async function startDashboard(options: {
  databasePath: string;
  port?: number;
  host?: string;
  env?: Record<string, string>;
}): Promise<RunningDashboard> {
  const port = options.port ?? (await freePort());
  const host = options.host ?? "127.0.0.1";
  const child = spawn(
    process.execPath,
    [join(APP_DIR, "scripts/serve.ts"), "--port", String(port), "--host", host],
    {
      cwd: APP_DIR,
      env: {
        ...process.env,
        NODE_ENV: "production",
        RLM_DASHBOARD_DB: options.databasePath,
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
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
