import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { type InstalledProject, installProject } from "./support/pack-and-install.js";
import { runOrThrow, userEnvironment } from "./support/run-command.js";

/** A user's application: a real run exported by `@rlm/otel` to the dashboard at DASHBOARD_URL. */
const EXPORT_A_RUN = `
import { createRLM } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { setupTelemetry } from "@rlm/otel/setup";
const telemetry = setupTelemetry({ endpoint: process.env.DASHBOARD_URL, registerGlobal: false });
const rlm = createRLM({
  model: scriptedModel({ replies: ["\`\`\`repl\\nFINAL('forty-two')\\n\`\`\`"] }),
  sandbox: vmSandbox(),
  sinks: [telemetry.sink({ captureContent: false })],
});
const result = await rlm.complete({ context: "c", query: "q", name: "installed run" });
await telemetry.shutdown();
console.log(result.runId);
`;

/** A user's application writing a run's trajectory file, for `rlm-dashboard import`. */
const WRITE_A_TRAJECTORY = `
import { createRLM, trajectoryFileSink } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
const rlm = createRLM({
  model: scriptedModel({ replies: ["\`\`\`repl\\nFINAL('forty-two')\\n\`\`\`"] }),
  sandbox: vmSandbox(),
  sinks: [trajectoryFileSink(process.env.TRAJECTORY)],
});
await rlm.complete({ context: "c", query: "q", name: "imported run" });
`;

/** The installed `@rlm/dashboard` folder: top-level with npm, in pnpm's store under `@rlm/cli`. */
function dashboardFolder(directory: string, manager: "npm" | "pnpm"): string {
  const modules = join(directory, "node_modules");
  if (manager === "npm") return join(modules, "@rlm", "dashboard");
  const entry = readdirSync(join(modules, ".pnpm")).find((name) =>
    name.startsWith("@rlm+dashboard@"),
  );
  return join(modules, ".pnpm", entry ?? "", "node_modules", "@rlm", "dashboard");
}

/**
 * Starts a command (relative to the project folder) that serves the dashboard on a free port
 * (`--port 0`) and resolves with its address once it says where it listens. The Node
 * running the tests comes first on PATH: the bins' `#!/usr/bin/env node` (and pnpm's shell
 * shims) pick the Node a user has, and these machines' system Node is too old.
 */
async function serve(options: { command: string; args: string[]; cwd: string; db: string }) {
  const child = spawn(options.command, [...options.args, "--port", "0"], {
    cwd: options.cwd,
    env: userEnvironment({
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
      RLM_DASHBOARD_DB: options.db,
    }),
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so a stop can reach the whole tree, as Ctrl-C in a terminal does.
    detached: true,
  });
  let output = "";
  const started = performance.now();
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /RLM dashboard on (http:\/\/\S+)/.exec(output);
      if (listening) resolve(listening[1]!);
    });
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  return { child, url, startMs: performance.now() - started };
}

/**
 * Sends SIGTERM to the command alone (`rlm dashboard` must pass it on to the server it
 * started) or to its whole process group (`npx`, which does not pass it on, like a terminal's
 * Ctrl-C), then waits until nothing answers at the dashboard's address any more.
 */
async function stop(server: { child: ChildProcess; url: string }, target: "command" | "group") {
  const { child } = server;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    if (target === "group" && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    else child.kill("SIGTERM");
    await exited;
  }
  await vi.waitFor(
    async () => {
      const answered = await fetch(server.url).then(
        () => true,
        () => false,
      );
      expect(answered, "the dashboard server still answers after its command stopped").toBe(false);
    },
    { timeout: 60_000, interval: 100 },
  );
}

function folderBytes(path: string): number {
  if (!statSync(path).isDirectory()) return statSync(path).size;
  return readdirSync(path).reduce((sum, name) => sum + folderBytes(join(path, name)), 0);
}

describe.each([
  {
    title: "npx @rlm/dashboard after npm install",
    manager: "npm" as const,
    packages: ["@rlm/dashboard", "@rlm/core", "@rlm/otel"],
    command: ["npx", "--no-install", "@rlm/dashboard"],
    stopTarget: "group" as const,
  },
  {
    title: "rlm dashboard after pnpm install (pnpm 10's defaults)",
    manager: "pnpm" as const,
    packages: ["@rlm/cli", "@rlm/core", "@rlm/otel"],
    command: ["./node_modules/.bin/rlm", "dashboard"],
    stopTarget: "command" as const,
  },
])("the dashboard from $title", ({ manager, packages, command, stopTarget }) => {
  let project: InstalledProject;
  let data: string;
  beforeAll(async () => {
    project = await installProject({ manager, packages });
    data = mkdtempSync(join(tmpdir(), "rlm-dashboard-installed-"));
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it("ships its prebuilt server: Next.js is not installed and nothing is built", () => {
    const modules = join(project.directory, "node_modules");
    expect(existsSync(join(modules, "next"))).toBe(false);
    const store = join(modules, ".pnpm");
    if (existsSync(store)) {
      expect(readdirSync(store).filter((name) => /^(next|react)@/.test(name))).toEqual([]);
    }
    const tarball = inject("packed").tarballs["@rlm/dashboard"]!;
    const installed = join(modules, ...(manager === "npm" ? ["@rlm", "dashboard"] : []));
    if (manager === "npm") {
      console.log(
        `@rlm/dashboard: packed ${(statSync(tarball).size / 1e6).toFixed(1)} MB, installed ${(folderBytes(installed) / 1e6).toFixed(1)} MB`,
      );
    }
  });

  it("imports a trajectory file with its command, which carries the span builder it needs", async () => {
    const file = join(data, "trajectory.jsonl");
    const written = await project.runScript(WRITE_A_TRAJECTORY, { env: { TRAJECTORY: file } });
    expect(written.stderr).toBe("");
    const output = await runOrThrow({
      command: process.execPath,
      args: [
        join(dashboardFolder(project.directory, manager), "bin", "rlm-dashboard.js"),
        "import",
        file,
      ],
      cwd: project.directory,
      env: { RLM_DASHBOARD_DB: join(data, "imported.db") },
    });
    expect(output).toMatch(/: 1 run\(s\), [1-9]\d* spans/);
  });

  it("starts, receives a real OTLP export and shows the run by its name", async () => {
    const [executable, ...args] = command as [string, ...string[]];
    const server = await serve({
      command: executable,
      args,
      cwd: project.directory,
      db: join(data, "dashboard.db"),
    });
    try {
      console.log(`${command.join(" ")}: listening ${Math.round(server.startMs)} ms after start`);
      const { url } = server;
      const exported = await project.runScript(EXPORT_A_RUN, { env: { DASHBOARD_URL: url } });
      expect(exported.stderr).toBe("");
      const runId = exported.stdout.trim();
      expect(runId).not.toBe("");

      const list = await (await fetch(url)).text();
      expect(list).toContain(`data-run-id="${runId}"`);
      expect(list).toContain("installed run");
      const page = await fetch(`${url}/runs/${runId}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("installed run");
      expect(existsSync(join(data, "dashboard.db"))).toBe(true);
    } finally {
      await stop(server, stopTarget);
    }
  });
});
