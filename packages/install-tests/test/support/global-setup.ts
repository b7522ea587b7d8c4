import { mkdir, mkdtemp, rm } from "node:fs/promises";
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
 * per run, as `pnpm publish` would pack it (`workspace:` ranges become versions). Tests
 * install these tarballs with `installProject()`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const listing = JSON.parse(
    await runOrThrow({
      command: "pnpm",
      args: ["ls", "--recursive", "--depth", "-1", "--json"],
      cwd: WORKSPACE_ROOT,
    }),
  ) as { name: string; private?: boolean }[];
  const published = listing.filter((entry) => !entry.private).map((entry) => entry.name);
  const filters = published.map((name) => `--filter=${name}`);

  await runOrThrow({
    command: "pnpm",
    args: ["exec", "turbo", "run", "build", "--output-logs=errors-only", ...filters],
    cwd: WORKSPACE_ROOT,
    env: { TURBO_TELEMETRY_DISABLED: "1" },
  });

  const root = await mkdtemp(join(tmpdir(), "rlm-install-tests-"));
  const destination = join(root, "tarballs");
  await mkdir(destination);
  const packed = JSON.parse(
    await runOrThrow({
      command: "pnpm",
      args: ["--recursive", ...filters, "pack", "--pack-destination", destination, "--json"],
      cwd: WORKSPACE_ROOT,
    }),
  ) as { name: string; filename: string }[];
  const tarballs = Object.fromEntries(packed.map((entry) => [entry.name, entry.filename]));

  project.provide("packed", { root, tarballs });
  return () => rm(root, { recursive: true, force: true });
}
