import { rename } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { Sandbox, SandboxSession, SandboxSessionOptions } from "@rlm/core";
import { SandboxError } from "@rlm/core";
import { ensureCodeCache } from "./code-cache.js";
import {
  type ContextKind,
  isLargeContext,
  type StagedContext,
  stageContextFile,
  writeContextFile,
} from "./context-file.js";
import { DenoProcess, type DenoProcessOptions } from "./deno-process.js";
import type { DenoSandboxOptions, ResolvedDenoSandboxOptions } from "./deno-sandbox-options.js";
import { DenoSession } from "./deno-session.js";
import { ensurePythonSnapshot, pyodideDirectory } from "./python-snapshot.js";
import { recommendedMaxSessions } from "./recommended-max-sessions.js";
import { resolveDenoPath } from "./resolve-deno-path.js";
import { WarmPool } from "./warm-pool.js";

const MB = 1024 * 1024;

/**
 * Sub-calls per cell when neither the options nor the run set a cap: a 256 MB context read
 * in sub-calls of about 200,000 characters (core's guidance to the model) is some 1,300
 * calls from one cell, so the cap must not stop a whole-context fan-out.
 */
const DEFAULT_MAX_SUB_CALLS_PER_CELL = 2_000;

/** A `Sandbox` that also owns warm processes; `close()` stops them. */
export interface DenoSandbox extends Sandbox {
  /**
   * Stops the warm processes, once every session still starting has started or failed (a
   * start that was aborted has then been reaped). Open sessions stay usable until they are
   * closed.
   */
  close(): Promise<void>;
}

function resolveOptions(options: DenoSandboxOptions): ResolvedDenoSandboxOptions {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return {
    language: options.language ?? "javascript",
    denoPath: options.denoPath ?? resolveDenoPath(),
    heapMb: options.heapMb ?? 2048,
    maxRssMb: options.maxRssMb ?? 4096,
    maxContextBytes: options.maxContextBytes ?? 256 * MB,
    maxContextListBytes: options.maxContextListBytes ?? 1024 * MB,
    maxOutputChars: options.maxOutputChars ?? 100_000,
    maxRawOutputBytes: options.maxRawOutputBytes ?? MB,
    defaultTimeoutMs: options.defaultTimeoutMs ?? 120_000,
    warmSessions: options.warmSessions ?? 2,
    // Absolute: the Pyodide snapshot is built by a process started in another folder.
    cacheDir: resolve(options.cacheDir ?? join(cacheHome, "rlm-sandbox-deno")),
    maxDenoDirBytes: options.maxDenoDirBytes ?? 64 * MB,
    ...(options.maxSubCallsPerCell !== undefined
      ? { maxSubCallsPerCell: options.maxSubCallsPerCell }
      : {}),
    ...(options.maxSubCallsInFlight !== undefined
      ? { maxSubCallsInFlight: options.maxSubCallsInFlight }
      : {}),
    ...(options.maxPromptChars !== undefined ? { maxPromptChars: options.maxPromptChars } : {}),
  };
}

/**
 * Runs model code in Deno subprocesses: one process per session, no network, no files but
 * the context (read once), no environment, no subprocesses, with time, memory and output
 * limits. JavaScript by default; `language: "python"` runs Pyodide inside the same sandbox.
 */
export function denoSandbox(options: DenoSandboxOptions = {}): DenoSandbox {
  const settings = resolveOptions(options);
  const isPython = settings.language === "python";
  // Without Pyodide installed, say so now rather than at the first session.
  if (isPython) pyodideDirectory();

  let codeCache: Promise<string | undefined> | undefined;

  async function startProcess(): Promise<DenoProcess> {
    const pyodide = isPython
      ? { directory: pyodideDirectory(), snapshotPath: await ensurePythonSnapshot(settings) }
      : undefined;
    const processOptions: DenoProcessOptions = {
      denoPath: settings.denoPath,
      language: settings.language,
      heapMb: settings.heapMb,
      maxRssMb: settings.maxRssMb,
      maxRawOutputBytes: settings.maxRawOutputBytes,
      maxDenoDirBytes: settings.maxDenoDirBytes,
      maxOutputChars: settings.maxOutputChars,
      ...(pyodide ? { pyodide } : {}),
    };
    codeCache ??= ensureCodeCache({ cacheDir: settings.cacheDir, process: processOptions });
    const denoDirSeed = await codeCache;
    const denoProcess = new DenoProcess({ ...processOptions, denoDirSeed });
    try {
      await denoProcess.waitFor("started", { timeoutMs: 30_000 });
      return denoProcess;
    } catch (error) {
      await denoProcess.dispose();
      throw new SandboxError({
        message: `The Deno sandbox did not start: ${(error as Error).message}`,
        cause: error,
      });
    }
  }

  const pool = new WarmPool(startProcess, settings.warmSessions);

  async function openSession(
    denoProcess: DenoProcess,
    sessionOptions: SandboxSessionOptions,
    staged: Promise<StagedContext> | undefined,
  ): Promise<SandboxSession> {
    const signal = sessionOptions.abortSignal;
    let contextKind: ContextKind;
    try {
      signal?.throwIfAborted();
      if (staged) {
        const context = await staged;
        await context.moveTo(denoProcess.files.contextPath);
        contextKind = context.kind;
      } else {
        contextKind = await writeContextFile(
          denoProcess.files.contextPath,
          sessionOptions.context,
          settings,
        );
      }
    } catch (error) {
      await Promise.all([denoProcess.dispose(), discardStaged(staged)]);
      throw error;
    }
    const session = await DenoSession.open(
      {
        language: settings.language,
        host: sessionOptions.host,
        toolNames: sessionOptions.toolNames ?? [],
        contextKind,
        contextLimits: settings,
        limits: {
          maxPerCell:
            settings.maxSubCallsPerCell ??
            sessionOptions.subCallLimits?.maxPerCell ??
            DEFAULT_MAX_SUB_CALLS_PER_CELL,
          maxInFlight:
            settings.maxSubCallsInFlight ?? sessionOptions.subCallLimits?.maxInFlight ?? 16,
          maxPromptChars:
            settings.maxPromptChars ?? sessionOptions.subCallLimits?.maxPromptChars ?? 4_000_000,
          maxOutputChars: settings.maxOutputChars,
          defaultTimeoutMs: settings.defaultTimeoutMs,
          loadTimeoutMs: 120_000,
        },
        acquireProcess: async (dead) => {
          // A restart is rare and already slow: refill at once.
          const fresh = await pool.acquire().finally(() => pool.fill());
          try {
            // The context file moves to the new process: it is written once per session.
            await rename(dead.files.contextPath, fresh.files.contextPath);
          } catch (error) {
            await fresh.dispose();
            throw error;
          }
          return fresh;
        },
        // The demand that took this process is over: replace it now (or once no cell runs).
        onClosed: () => pool.fill(),
        // No refill starts beside a running cell (its sub-calls, or child sessions').
        onCellStart: () => pool.hold(),
        onCellEnd: () => pool.release(),
      },
      denoProcess,
    );
    if (signal?.aborted) {
      // Aborted while the context loaded: the listener below would never fire.
      await session.close();
      signal.throwIfAborted();
    }
    signal?.addEventListener("abort", () => void session.close(), { once: true });
    return session;
  }

  async function startSession(sessionOptions: SandboxSessionOptions): Promise<SandboxSession> {
    sessionOptions.abortSignal?.throwIfAborted();
    // A large context is written while the process starts (100 MB takes longer than a
    // cold start), then moved into place; a small one is written once the process is there.
    const staged = isLargeContext(sessionOptions.context)
      ? stageContextFile(sessionOptions.context, settings)
      : undefined;
    staged?.catch(() => undefined);
    let denoProcess: DenoProcess;
    try {
      denoProcess = await pool.acquire();
    } catch (error) {
      await discardStaged(staged);
      throw error;
    }
    try {
      return await openSession(denoProcess, sessionOptions, staged);
    } finally {
      // Not beside the sessions just opened: a spawn blocks this thread for a few ms, and
      // a start takes CPU that a burst of sessions needs.
      pool.fillWhenQuiet();
    }
  }

  /** `createSession` calls under way, which `close()` waits for. */
  const starting = new Set<Promise<SandboxSession>>();

  return {
    language: settings.language,
    recommendedMaxSessions: recommendedMaxSessions({ language: settings.language }),
    createSession(sessionOptions: SandboxSessionOptions): Promise<SandboxSession> {
      const session = startSession(sessionOptions);
      starting.add(session);
      const settled = () => starting.delete(session);
      session.then(settled, settled);
      return session;
    },
    async close() {
      // ARCH: a run aborted while its session started does not wait for that start; the
      // process is reaped when the start completes. Waiting here keeps "after close(), no
      // process of this sandbox is left" true for such runs too.
      await Promise.allSettled(starting);
      await pool.close();
    },
  };
}

/** Removes a staged context file, if one was written; a failed staging left nothing. */
async function discardStaged(staged: Promise<StagedContext> | undefined): Promise<void> {
  await staged?.then(
    (context) => context.discard(),
    () => undefined,
  );
}
