import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
 * A private 0700 directory per process: an empty working directory, a per-session DENO_DIR
 * and the path of the context file (written later, when a context arrives).
 *
 * ARCH: `localStorage` and the Cache API write under `DENO_DIR/location_data` with no write
 * permission, and as root no file mode stops them. A plain file at that path makes Deno
 * fail to create its storage directory, so nothing is written and nothing persists.
 */
export function createSessionFiles(): SessionFiles {
  const root = mkdtempSync(join(tmpdir(), "rlm-deno-"));
  const workDir = join(root, "work");
  const denoDir = join(root, "deno-dir");
  mkdirSync(workDir, { mode: 0o700 });
  mkdirSync(denoDir, { mode: 0o700 });
  writeFileSync(join(denoDir, "location_data"), "", { mode: 0o400 });
  return { root, workDir, denoDir, contextPath: join(root, "context.data") };
}

export function removeSessionFiles(files: SessionFiles): void {
  rmSync(files.root, { recursive: true, force: true });
}
