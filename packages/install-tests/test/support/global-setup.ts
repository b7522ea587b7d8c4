import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { runOrThrow } from "./run-command.js";

const WORKSPACE_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's temporary folder, outside the workspace, and every tarball packed into it. */
    packed: { root: string; tarballs: Record<string, string> };
  }
}

/**
 * Builds every published workspace package (turbo skips what is cached) and packs each once
 * per run, as `pnpm publish` would pack it. Tests install these tarballs with
 * `installProject()`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), "rlm-install-tests-"));
  const packed = JSON.parse(
    await runOrThrow({
      command: "bash",
      args: ["scripts/pack-published.sh", join(root, "tarballs")],
      cwd: WORKSPACE_ROOT,
    }),
  ) as { name: string; filename: string }[];
  const tarballs = Object.fromEntries(packed.map((entry) => [entry.name, entry.filename]));
  project.provide("packed", { root, tarballs });
  return () => rm(root, { recursive: true, force: true });
}
