import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The dashboard app (apps/dashboard of the repository) in a folder above this CLI, or
 * `undefined` when the CLI was installed without it.
 */
export function findDashboard(
  start: string = dirname(fileURLToPath(import.meta.url)),
): string | undefined {
  for (let folder = start; ; folder = dirname(folder)) {
    const candidate = join(folder, "apps", "dashboard");
    if (existsSync(join(candidate, "scripts", "serve.ts"))) return candidate;
    if (dirname(folder) === folder) return undefined;
  }
}
