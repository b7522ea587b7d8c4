import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Context } from "@rlm/core";
import { MAX_FINAL_JSON_CHARS } from "@rlm/core";
import { resolveDenoPath } from "@rlm/sandbox-deno";
import {
  type ContextKind,
  ensurePythonSnapshot,
  LOCKED_DOWN_RUN,
  lockedDownEnv,
  pyodideDirectory,
  RUNNER_DIRECTORY,
  writeContextFile,
} from "@rlm/sandbox-deno/runner-protocol";
import { Sandbox as E2BInstance } from "e2b";
import type { ResolvedE2BSandboxOptions } from "./e2b-sandbox-options.js";
import { denoMissingError, toSandboxError } from "./remote-errors.js";
import { RemoteRunner } from "./remote-runner.js";

/** This package's runner files: the stdio channel and the entry that loads it first. */
const ADAPTER_DIRECTORY = fileURLToPath(new URL("../runner/", import.meta.url));

/** The runner's files (sandbox-deno's and this package's), read once. */
let runnerFiles: { name: string; text: string }[] | undefined;
function readRunnerFiles(): { name: string; text: string }[] {
  runnerFiles ??= [RUNNER_DIRECTORY, ADAPTER_DIRECTORY].flatMap((directory) =>
    readdirSync(directory)
      .filter((name) => name.endsWith(".js"))
      .map((name) => ({ name, text: readFileSync(join(directory, name), "utf8") })),
  );
  return runnerFiles;
}

/** A file to upload: its path in the sandbox and its bytes or text. */
type Upload = { path: string; data: string | ArrayBuffer };

function bytesOf(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length) as ArrayBuffer;
}

/** Pyodide's files the runner loads: the package without its maps, types and pages. */
const PYODIDE_FILE = /^(?!.*\.(map|d\.ts|html|md)$)/;

/**
 * Where the runner finds Pyodide: in the template (`pyodide` option), or uploaded from the
 * host's `pyodide` package with the snapshot the host builds once.
 */
async function pyodideUploads(
  settings: ResolvedE2BSandboxOptions,
  root: string,
): Promise<{ paths: { directory: string; snapshotPath: string }; uploads: Upload[] }> {
  if (settings.pyodide) return { paths: settings.pyodide, uploads: [] };
  const local = pyodideDirectory();
  const snapshot = await ensurePythonSnapshot({
    denoPath: resolveDenoPath(),
    cacheDir: settings.cacheDir,
  });
  const paths = { directory: `${root}/pyodide`, snapshotPath: `${root}/pyodide.snapshot` };
  const uploads = await Promise.all(
    readdirSync(local)
      .filter((name) => PYODIDE_FILE.test(name))
      .map(async (name) => ({
        path: `${paths.directory}/${name}`,
        data: bytesOf(await readFile(join(local, name))),
      })),
  );
  uploads.push({ path: paths.snapshotPath, data: bytesOf(await readFile(snapshot)) });
  return { paths, uploads };
}

/** Quotes one word for `bash -c`. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * One remote E2B sandbox holding the runner's files and a session's context, in which the
 * session starts runner processes (a new one after a crash, while the sandbox lives).
 */
export class RemoteMachine {
  private constructor(
    readonly sandbox: E2BInstance,
    private readonly paths: {
      root: string;
      context: string;
      denoDir: string;
      pyodide?: { directory: string; snapshotPath: string };
    },
    readonly contextKind: ContextKind,
    private readonly settings: ResolvedE2BSandboxOptions,
  ) {}

  /** Starts a sandbox and uploads the runner and the context; kills the sandbox on failure. */
  static async create(
    settings: ResolvedE2BSandboxOptions,
    context: Context,
  ): Promise<RemoteMachine> {
    // The context is encoded (and refused when too large) before anything is paid for.
    const local = await mkdtemp(join(tmpdir(), "rlm-e2b-context-"));
    let contextKind: ContextKind;
    let contextBytes: Buffer;
    try {
      contextKind = await writeContextFile(join(local, "context.data"), context, settings);
      contextBytes = await readFile(join(local, "context.data"));
    } finally {
      await rm(local, { recursive: true, force: true });
    }
    const sandbox = await E2BInstance.create(settings.template, {
      ...(settings.apiKey !== undefined ? { apiKey: settings.apiKey } : {}),
      ...(settings.apiUrl !== undefined ? { apiUrl: settings.apiUrl } : {}),
      ...(settings.sandboxUrl !== undefined ? { sandboxUrl: settings.sandboxUrl } : {}),
      ...(settings.domain !== undefined ? { domain: settings.domain } : {}),
      ...(settings.requestTimeoutMs !== undefined
        ? { requestTimeoutMs: settings.requestTimeoutMs }
        : {}),
      timeoutMs: settings.sandboxTimeoutMs,
      allowInternetAccess: settings.allowInternetAccess,
      metadata: { createdBy: "@rlm/sandbox-e2b" },
    }).catch((error: unknown) => {
      throw toSandboxError(error, settings);
    });
    const root = `/tmp/rlm-${randomUUID()}`;
    try {
      const python =
        settings.language === "python" ? await pyodideUploads(settings, root) : undefined;
      const paths = {
        root,
        context: `${root}/context.data`,
        denoDir: `${root}/deno-dir`,
        ...(python ? { pyodide: python.paths } : {}),
      };
      await sandbox.files.write([
        ...readRunnerFiles().map(({ name, text }) => ({
          path: `${root}/runner/${name}`,
          data: text,
        })),
        { path: paths.context, data: bytesOf(contextBytes) },
        // A plain file where Deno keeps localStorage: its storage cannot be created.
        { path: `${paths.denoDir}/location_data`, data: "" },
        ...(python?.uploads ?? []),
      ]);
      return new RemoteMachine(sandbox, paths, contextKind, settings);
    } catch (error) {
      await sandbox.kill().catch(() => false);
      throw toSandboxError(error, settings);
    }
  }

  /** Starts a runner process and waits for it to report `started`. */
  async startRunner(): Promise<RemoteRunner> {
    const { settings, paths } = this;
    const config = {
      language: settings.language,
      heapMb: settings.heapMb,
      maxOutputChars: settings.maxOutputChars,
      maxFinalChars: MAX_FINAL_JSON_CHARS,
      contextPath: paths.context,
      ...paths.pyodide,
    };
    const reads = [paths.context];
    if (paths.pyodide) reads.push(paths.pyodide.directory, paths.pyodide.snapshotPath);
    const command = [
      "exec",
      settings.denoPath,
      ...LOCKED_DOWN_RUN,
      "--deny-write",
      `--v8-flags=--max-old-space-size=${settings.heapMb}`,
      `--allow-read=${reads.join(",")}`,
      `${paths.root}/runner/stdio-main.js`,
      JSON.stringify(config),
    ]
      .map(shellQuote)
      .join(" ");
    const runner = await RemoteRunner.start({
      sandbox: this.sandbox,
      command,
      envs: lockedDownEnv(paths.denoDir),
      cwd: paths.root,
    }).catch((error: unknown) => {
      throw toSandboxError(error, settings);
    });
    try {
      await runner.waitFor("started", { timeoutMs: settings.startTimeoutMs });
    } catch (error) {
      runner.kill("it did not start");
      if (runner.commandNotFound) {
        throw denoMissingError(settings, runner.deathReason);
      }
      throw toSandboxError(error, settings);
    }
    return runner;
  }

  /** Kills the remote sandbox; one already gone is fine. */
  async kill(): Promise<void> {
    await this.sandbox.kill().catch(() => false);
  }

  /** Whether the remote sandbox still answers. */
  async isRunning(): Promise<boolean> {
    return this.sandbox.isRunning().catch(() => false);
  }
}
