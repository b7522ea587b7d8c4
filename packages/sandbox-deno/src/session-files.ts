import { constants, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SessionFiles {
  root: string;
  /** The empty working directory of the process. */
  workDir: string;
  /** The one file the process may read, once. */
  contextPath: string;
  /** The per-session DENO_DIR, removed at close. */
  denoDir: string;
}

/**
 * Deno's caches that are worth carrying into a new DENO_DIR: the V8 code cache (the Node
 * compatibility modules the runner loads are compiled at run time, not in Deno's snapshot)
 * and module analysis. SQLite databases in WAL mode; a missing `-shm` index is rebuilt.
 */
export const DENO_CACHE_DATABASES = [
  "v8_code_cache_v2",
  "dep_analysis_cache_v2",
  "node_analysis_cache_v2",
] as const;

/** Copies Deno's cache files from one DENO_DIR to another; missing files are skipped. */
export function copyDenoCaches(from: string, to: string): void {
  for (const name of DENO_CACHE_DATABASES.flatMap((database) => [database, `${database}-wal`])) {
    try {
      // A reflink where the file system has them, a plain copy elsewhere.
      copyFileSync(join(from, name), join(to, name), constants.COPYFILE_FICLONE);
    } catch {
      // A cache is an optimisation: without it Deno compiles again.
    }
  }
}

/**
 * A private 0700 directory per process: an empty working directory, a per-session DENO_DIR
 * (seeded with a copy of `denoDirSeed`'s caches when given) and the path of the context file
 * (written later, when a context arrives).
 *
 * ARCH: `localStorage` and the Cache API write under `DENO_DIR/location_data` with no write
 * permission, and as root no file mode stops them. A plain file at that path makes Deno
 * fail to create its storage directory, so nothing is written and nothing persists.
 */
export function createSessionFiles(options: { denoDirSeed?: string } = {}): SessionFiles {
  const root = mkdtempSync(join(tmpdir(), "rlm-deno-"));
  notRemoved.add(root);
  const workDir = join(root, "work");
  const denoDir = join(root, "deno-dir");
  mkdirSync(workDir, { mode: 0o700 });
  mkdirSync(denoDir, { mode: 0o700 });
  writeFileSync(join(denoDir, "location_data"), "", { mode: 0o400 });
  if (options.denoDirSeed) copyDenoCaches(options.denoDirSeed, denoDir);
  return { root, workDir, denoDir, contextPath: join(root, "context.data") };
}

/**
 * Removes a process's directory off the main thread: deleting its DENO_DIR takes a few
 * milliseconds, which fifty sessions closing at once would otherwise spend blocking the host.
 */
export async function removeSessionFiles(files: SessionFiles): Promise<void> {
  await rm(files.root, { recursive: true, force: true });
  notRemoved.delete(files.root);
}

/** Session directories created and not removed yet. */
const notRemoved = new Set<string>();

/**
 * Removes every session directory still there, synchronously: for the host's `exit` hook,
 * when a script ends without closing its sandbox (its processes are killed in that hook).
 */
export function removeAllSessionFilesSync(): void {
  for (const root of notRemoved) {
    try {
      rmSync(root, { recursive: true, force: true });
    } catch {
      // Best effort while the host exits.
    }
  }
  notRemoved.clear();
}
