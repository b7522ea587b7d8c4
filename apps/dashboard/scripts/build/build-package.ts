import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { assembleServer } from "./assemble-server.ts";
import { copySpanBuilder, otelDir } from "./copy-span-builder.ts";
import { packageDir, serverDir } from "./package-paths.ts";
import { sourceHash } from "./source-hash.ts";

const APP_DIR = packageDir(import.meta.url);
const HASH_FILE = join(serverDir(APP_DIR), ".source-hash");

/** Whether `dist/` holds a build of the current sources. */
export function isBuildCurrent(): boolean {
  return (
    existsSync(HASH_FILE) &&
    existsSync(join(APP_DIR, "dist", "bin", "scripts", "serve.js")) &&
    readFileSync(HASH_FILE, "utf8") === sourceHash(APP_DIR)
  );
}

/**
 * Builds what the package ships: `next build` (standalone output), the server launcher and
 * import command compiled to JavaScript (`dist/bin`, with the span builder of `@rlm/otel`
 * beside it), and the self-contained server (`dist/server`). Runs with the Node running this
 * process.
 */
export async function buildPackage(): Promise<void> {
  const hash = sourceHash(APP_DIR);
  const resolve = createRequire(join(APP_DIR, "package.json")).resolve;
  const tsc = join(dirname(resolve("typescript/package.json")), "bin/tsc");
  // Next and the import command both load `@rlm/otel/spans` from its build.
  await run(tsc, ["-p", join(otelDir(APP_DIR), "tsconfig.build.json")]);
  await run(join(dirname(resolve("next/package.json")), "dist/bin/next"), ["build"]);
  await run(tsc, ["-p", "tsconfig.bin.json"]);
  copySpanBuilder({ appDir: APP_DIR, out: join(APP_DIR, "dist", "bin") });
  assembleServer({
    appDir: APP_DIR,
    tracingRoot: join(APP_DIR, "..", ".."),
    out: serverDir(APP_DIR),
  });
  writeFileSync(HASH_FILE, hash);
}

/** Builds only when the build is missing or older than the sources; says so when it does. */
export async function ensureBuilt(log: (line: string) => void = () => {}): Promise<void> {
  if (isBuildCurrent()) return;
  log("Building the dashboard (its sources changed since the last build)...");
  await buildPackage();
}

async function run(script: string, args: string[]): Promise<void> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: APP_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`${script} ${args.join(" ")} failed (exit ${code}):\n${output}`);
}
