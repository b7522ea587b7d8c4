import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CODE_CACHE_PREFIX, markUsed, pruneStaleCaches } from "./cache-pruning.js";
import { DenoProcess, type DenoProcessOptions } from "./deno-process.js";
import { LOCKED_DOWN_RUN, lockedDownEnv } from "./deno-run-flags.js";
import { copyDenoCaches, DENO_CACHE_DATABASES } from "./session-files.js";

const runnerFile = (name: string) => fileURLToPath(new URL(`../runner/${name}`, import.meta.url));
const RUNNER_FILES = ["main.js", "javascript-worker.js", "python-worker.js"].map(runnerFile);
const CHECKPOINTER = runnerFile("checkpoint-deno-caches.js");
const building = new Map<string, Promise<string | undefined>>();

/**
 * A directory holding Deno's caches from one trusted start of the runner, built once into
 * the cache directory, or undefined when that failed (processes then start without it).
 * Each new process starts from a copy of it: Deno compiles its Node compatibility modules
 * at run time and caches the code in DENO_DIR, and from an empty per-session DENO_DIR a
 * start took about 40 ms longer.
 *
 * ARCH: a copy per process, never a shared or linked DENO_DIR: the process writes to its
 * caches, and a V8 code cache written from inside one sandbox would be code run by every
 * later one. The build runs no model code; the directory name carries everything the
 * cached code depends on (Deno binary, runner sources, language, V8 heap flag).
 */
export function ensureCodeCache(options: {
  cacheDir: string;
  process: DenoProcessOptions;
}): Promise<string | undefined> {
  let key: string;
  try {
    key = cacheKey(options.process);
  } catch {
    return Promise.resolve(undefined);
  }
  const target = join(options.cacheDir, `${CODE_CACHE_PREFIX}${key}`);
  if (existsSync(target)) {
    markUsed(target);
    return Promise.resolve(target);
  }
  let pending = building.get(target);
  if (!pending) {
    pending = buildCodeCache(options.process, target).catch(() => undefined);
    building.set(target, pending);
  }
  return pending;
}

function cacheKey(options: DenoProcessOptions): string {
  const hash = createHash("sha256");
  const deno = statSync(options.denoPath);
  hash.update(JSON.stringify([options.denoPath, deno.size, deno.mtimeMs]));
  hash.update(JSON.stringify([options.language, options.heapMb, options.pyodide ?? null]));
  for (const file of RUNNER_FILES) hash.update(readFileSync(file));
  return hash.digest("hex").slice(0, 24);
}

async function buildCodeCache(options: DenoProcessOptions, target: string): Promise<string> {
  const probe = new DenoProcess({ ...options, denoDirSeed: undefined });
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await probe.waitFor("started", { timeoutMs: 30_000 });
    // Killed before the copy: the databases are consistent once no process writes them.
    await probe.terminate("the code cache was built");
    mkdirSync(temporary, { recursive: true, mode: 0o700 });
    copyDenoCaches(probe.files.denoDir, temporary);
    await checkpoint(options.denoPath, temporary);
    try {
      renameSync(temporary, target);
    } catch (error) {
      // Another host may have built it at the same time.
      if (!existsSync(target)) throw error;
    }
    // A new key means a new Deno or runner: older caches are likely dead weight now.
    pruneStaleCaches(dirname(target), Date.now());
    return target;
  } finally {
    rmSync(temporary, { recursive: true, force: true });
    await probe.dispose();
  }
}

/** Folds the write-ahead logs into the databases; on failure the logs are copied as they are. */
function checkpoint(denoPath: string, directory: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(
      denoPath,
      [
        ...LOCKED_DOWN_RUN,
        `--allow-read=${directory}`,
        `--allow-write=${directory}`,
        CHECKPOINTER,
        directory,
        ...DENO_CACHE_DATABASES,
      ],
      {
        cwd: directory,
        env: lockedDownEnv(join(dirname(directory), "deno-dir")),
        stdio: "ignore",
      },
    );
    child.once("error", () => resolve());
    child.once("exit", () => resolve());
  });
}
