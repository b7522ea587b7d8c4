import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The dashboard package's folder, found from a module inside it: the first folder above it
 * with a package.json. The same code runs as TypeScript from `scripts/` in the repository and
 * compiled from `dist/bin/scripts/` in the published package.
 */
export function packageDir(moduleUrl: string): string {
  for (let folder = dirname(fileURLToPath(moduleUrl)); ; folder = dirname(folder)) {
    if (existsSync(join(folder, "package.json"))) return folder;
    if (dirname(folder) === folder) throw new Error(`No package.json above ${moduleUrl}.`);
  }
}

/** The prebuilt production server: Next's standalone output with its dependencies beside it. */
export function serverDir(packageFolder: string): string {
  return join(packageFolder, "dist", "server");
}
