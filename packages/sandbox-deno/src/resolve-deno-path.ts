import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { SandboxError } from "@rlm/core";

/**
 * The real Deno executable shipped in the `deno` npm package (or its platform package).
 *
 * ARCH: never `node_modules/.bin/deno`: on some installs it is a Node shim that wraps Deno
 * in a second process, adds start-up time and loses the IPC file descriptor.
 */
export function resolveDenoPath(): string {
  const require = createRequire(import.meta.url);
  const executable = process.platform === "win32" ? "deno.exe" : "deno";
  const candidates: string[] = [];
  try {
    candidates.push(join(dirname(require.resolve("deno/package.json")), executable));
  } catch {
    // Not installed; try the platform package below.
  }
  const platformPackage = `@deno/${process.platform}-${process.arch}`;
  for (const base of [undefined, "deno/package.json"]) {
    try {
      const from = base ? createRequire(require.resolve(base)) : require;
      candidates.push(join(dirname(from.resolve(`${platformPackage}/package.json`)), executable));
    } catch {
      // Not present on this platform.
    }
  }
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new SandboxError({
      message: `No Deno executable found. Install the "deno" npm package or pass { denoPath }. Looked in: ${candidates.join(", ") || "(nothing resolvable)"}.`,
    });
  }
  return found;
}
