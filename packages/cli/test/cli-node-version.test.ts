import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The `rlm` bin runs on whatever `node` a user has. These tests run it with the machine's own
 * Node.js (older than the one pnpm pins for the workspace) to see the version check work
 * before anything that an old Node cannot parse is imported.
 */
const bin = fileURLToPath(new URL("../bin/rlm.js", import.meta.url));
const { engines } = JSON.parse(
  readFileSync(new URL("../package.json", import.meta.url), "utf8"),
) as { engines: { node: string } };
const [needMajor = 0, needMinor = 0] = (/(\d+)\.(\d+)/.exec(engines.node) ?? [])
  .slice(1)
  .map(Number);

/** An installed `node` older than `engines.node`, with its version, if the machine has one. */
function olderNode(): { path: string; version: string } | undefined {
  const candidates = new Set(["/usr/bin/node", "/usr/local/bin/node"]);
  const which = spawnSync("which", ["-a", "node"], { encoding: "utf8" });
  for (const line of which.stdout?.split("\n") ?? []) if (line.trim()) candidates.add(line.trim());
  for (const path of candidates) {
    try {
      const version = execFileSync(path, ["--version"], { encoding: "utf8" }).trim().slice(1);
      const [major = 0, minor = 0] = version.split(".").map(Number);
      if (major < needMajor || (major === needMajor && minor < needMinor)) {
        return { path, version };
      }
    } catch {
      // not there, or not runnable
    }
  }
  return undefined;
}

const old = olderNode();

describe("rlm on an older Node.js", () => {
  it.skipIf(!old)(
    `says which Node.js it needs and exits 2 (skipped when no Node.js older than ${needMajor}.${needMinor} is installed)`,
    () => {
      for (const argv of [["--version"], ["run", "--context", "x", "--query", "q"], []]) {
        const result = spawnSync(old!.path, [bin, ...argv], { encoding: "utf8" });
        expect(result.status).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toBe(
          `rlm: needs Node.js ${needMajor}.${needMinor} or newer; this is Node.js ${old!.version} (${old!.path}). Install a current Node.js LTS and run rlm again.\n`,
        );
      }
    },
  );
});
