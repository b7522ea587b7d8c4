import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ensureBuilt } from "../scripts/build/build-package.ts";
import { type RunningDashboard, startDashboard } from "./support/dashboard-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dashboardUrl: string;
  }
}

let server: RunningDashboard | undefined;
let directory: string | undefined;

/**
 * Builds the package when its sources changed since the last build (the one build every test
 * shares, the packed-tarball test included) and starts it on a free port with a fresh
 * database, for the tests that talk to the real server (HTTP ingest, the browser).
 */
export async function setup(project: TestProject): Promise<void> {
  await ensureBuilt();
  directory = mkdtempSync(join(tmpdir(), "rlm-dashboard-e2e-"));
  server = await startDashboard({ databasePath: join(directory, "dashboard.db") });
  project.provide("dashboardUrl", server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (directory) rmSync(directory, { recursive: true, force: true });
}
