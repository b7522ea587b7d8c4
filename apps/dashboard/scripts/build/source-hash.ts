import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** What the built server is made from; tests are not part of it. */
const INPUTS = [
  "src",
  "scripts",
  "next.config.ts",
  "tsconfig.json",
  "tsconfig.bin.json",
  "package.json",
  // `@rlm/otel/spans`, which the server bundles and the import command carries.
  "node_modules/@rlm/otel/src/spans",
  "node_modules/@rlm/otel/package.json",
];

/**
 * A hash of the files the build reads, stored next to the build: a build is stale when the
 * sources hash differently, whatever their modification times say (a checkout resets those).
 */
export function sourceHash(appDir: string): string {
  const hash = createHash("sha256");
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
      return;
    }
    if (/\.test\.tsx?$/.test(path)) return;
    hash.update(relative(appDir, path)).update("\0").update(readFileSync(path)).update("\0");
  };
  for (const input of INPUTS) visit(join(appDir, input));
  return hash.digest("hex");
}
