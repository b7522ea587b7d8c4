import { createRequire } from "node:module";
import { dirname } from "node:path";
import type { ResolvedDenoSandboxOptions } from "./deno-sandbox-options.js";

export function pyodideDirectory(): string {
  return dirname(createRequire(import.meta.url).resolve("pyodide/package.json"));
}

export async function ensurePythonSnapshot(options: ResolvedDenoSandboxOptions): Promise<string> {
  throw new Error(`not yet: ${options.cacheDir}`);
}
