import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { runOrThrow } from "./run-command.js";

/** The range a workspace package (its folder under `packages/`) gives a peer dependency. */
export function peerRange(packageFolder: string, peer: string): string {
  const manifest = new URL(`../../../${packageFolder}/package.json`, import.meta.url);
  const range = (
    JSON.parse(readFileSync(manifest, "utf8")) as { peerDependencies?: Record<string, string> }
  ).peerDependencies?.[peer];
  if (!range) throw new Error(`packages/${packageFolder} has no peer dependency ${peer}`);
  return range;
}

/** The lowest version a `^x.y.z` range allows. */
export function lowestInRange(range: string): string {
  const match = /^\^(\d+\.\d+\.\d+)$/.exec(range);
  if (!match?.[1]) throw new Error(`expected a caret range, got "${range}"`);
  return match[1];
}

/** The highest published version of `name` in `range`, as the registry (or npm's cache) lists it. */
export async function highestInRange(name: string, range: string): Promise<string> {
  const listed = JSON.parse(
    await runOrThrow({
      command: "npm",
      args: ["view", `${name}@${range}`, "version", "--json", "--prefer-offline"],
      cwd: inject("packed").root,
    }),
  ) as string | string[];
  const versions = Array.isArray(listed) ? listed : [listed];
  const last = versions.at(-1);
  if (!last) throw new Error(`no version of ${name} in ${range}`);
  return last;
}
