import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SandboxError } from "@rlm/core";
import { markUsed, PYTHON_SNAPSHOT_PREFIX, pruneStaleCaches } from "./cache-pruning.js";
import { LOCKED_DOWN_RUN, lockedDownEnv } from "./deno-run-flags.js";

const BUILDER = fileURLToPath(new URL("../runner/build-python-snapshot.js", import.meta.url));
const building = new Map<string, Promise<string>>();

/**
 * The installed `pyodide` package's folder. Pyodide (14 MB) is an optional peer dependency,
 * so JavaScript-only users do not download it; asking for Python without it is a setup
 * error that names the package and version to add.
 */
export function pyodideDirectory(): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve("pyodide/package.json"));
  } catch (error) {
    const ours = require("../package.json") as { peerDependencies: { pyodide: string } };
    const spec = `pyodide@${ours.peerDependencies.pyodide}`;
    throw new SandboxError({
      message: `language: "python" needs the "pyodide" package, which @rlm/sandbox-deno leaves to you (an optional peer dependency, 14 MB). Add it to your project: npm i ${spec} (or pnpm add ${spec}).`,
      cause: error,
    });
  }
}

/**
 * The path of a Pyodide memory snapshot, built once into the cache directory on first use.
 * Starting from it takes about 0.3 s instead of about 3 s for a cold `loadPyodide`.
 *
 * ARCH: the snapshot uses Pyodide's private `_makeSnapshot` / `_loadSnapshot` options, so
 * its file name carries the exact Pyodide version and a new version builds a new snapshot.
 */
export function ensurePythonSnapshot(options: {
  denoPath: string;
  cacheDir: string;
}): Promise<string> {
  const directory = pyodideDirectory();
  const version = (
    JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as { version: string }
  ).version;
  const target = join(options.cacheDir, `${PYTHON_SNAPSHOT_PREFIX}${version}.snapshot`);
  if (existsSync(target)) {
    markUsed(target);
    return Promise.resolve(target);
  }
  let pending = building.get(target);
  if (!pending) {
    pending = buildSnapshot(options.denoPath, directory, target);
    building.set(target, pending);
    pending.catch(() => building.delete(target));
  }
  return pending;
}

async function buildSnapshot(denoPath: string, directory: string, target: string): Promise<string> {
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  const stderr: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      denoPath,
      [
        ...LOCKED_DOWN_RUN,
        `--allow-read=${directory}`,
        `--allow-write=${temporary}`,
        BUILDER,
        directory,
        temporary,
      ],
      {
        cwd: dirname(target),
        env: lockedDownEnv(join(dirname(target), "deno-dir")),
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0 || !existsSync(temporary)) {
    rmSync(temporary, { force: true });
    throw new SandboxError({
      message: `Building the Pyodide snapshot failed (exit ${code}): ${Buffer.concat(stderr).toString("utf8").slice(-1000)}`,
    });
  }
  renameSync(temporary, target);
  // A new Pyodide version means older snapshots are likely dead weight now.
  pruneStaleCaches(dirname(target), Date.now());
  return target;
}
