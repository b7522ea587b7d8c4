import { readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";

/** What the sandbox builds into `cacheDir`: Deno code caches and Pyodide memory snapshots. */
export const CODE_CACHE_PREFIX = "deno-code-cache-";
export const PYTHON_SNAPSHOT_PREFIX = "pyodide-";
/** A cache entry no sandbox has used for this long is removed when another is built. */
const STALE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

/** Records that a sandbox is using a cache entry (its mtime), so pruning keeps it. */
export function markUsed(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // Read-only cache directory: it is never pruned by us either.
  }
}

/**
 * Removes code caches, Python snapshots and leftovers of interrupted builds that no sandbox
 * has used for 30 days. Each Deno version, runner version, language and heap size has its
 * own code cache and each Pyodide version its own snapshot (tens of MB), so they would
 * otherwise pile up with every upgrade. Anything else in the directory is left alone.
 */
export function pruneStaleCaches(cacheDir: string, now: number): void {
  let entries: string[];
  try {
    entries = readdirSync(cacheDir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(CODE_CACHE_PREFIX) && !entry.startsWith(PYTHON_SNAPSHOT_PREFIX)) continue;
    const path = join(cacheDir, entry);
    try {
      if (now - statSync(path).mtimeMs > STALE_AFTER_MS)
        rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed meanwhile, or not ours to remove.
    }
  }
}
