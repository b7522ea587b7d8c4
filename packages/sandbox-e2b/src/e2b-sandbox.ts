import type { Sandbox, SandboxSession, SandboxSessionOptions } from "@rlm/core";
import { pyodideDirectory } from "@rlm/sandbox-deno/runner-protocol";
import { type E2BSandboxOptions, resolveOptions } from "./e2b-sandbox-options.js";
import { openE2BSession } from "./e2b-session.js";

/**
 * Sub-calls per cell when neither the options nor the run set a cap: the same as a local
 * Deno sandbox's, so a whole-context fan-out from one cell is not stopped.
 */
const DEFAULT_MAX_SUB_CALLS_PER_CELL = 2_000;

/**
 * Runs model code in E2B cloud sandboxes: one remote sandbox (a Firecracker microVM) per
 * session, in which the Deno runner of `@rlm/sandbox-deno` runs locked down as it does
 * locally. `llm_query`, `rlm_query`, tools and `budget()` reach the host over the runner
 * process's stdin and stdout. Each session's sandbox is killed when the session closes.
 */
export function e2bSandbox(options: E2BSandboxOptions = {}): Sandbox {
  const settings = resolveOptions(options);
  // Without Pyodide to upload, say so now rather than at the first session.
  if (settings.language === "python" && !settings.pyodide) pyodideDirectory();
  return {
    language: settings.language,
    recommendedMaxSessions: settings.maxConcurrentSandboxes,
    async createSession(sessionOptions: SandboxSessionOptions): Promise<SandboxSession> {
      sessionOptions.abortSignal?.throwIfAborted();
      const limits = sessionOptions.subCallLimits;
      const session = await openE2BSession({
        settings,
        context: sessionOptions.context,
        host: sessionOptions.host,
        toolNames: sessionOptions.toolNames ?? [],
        limits: {
          maxPerCell:
            settings.maxSubCallsPerCell ?? limits?.maxPerCell ?? DEFAULT_MAX_SUB_CALLS_PER_CELL,
          maxInFlight: settings.maxSubCallsInFlight ?? limits?.maxInFlight ?? 16,
          maxPromptChars: settings.maxPromptChars ?? limits?.maxPromptChars ?? 4_000_000,
        },
      });
      const signal = sessionOptions.abortSignal;
      if (signal?.aborted) {
        await session.close();
        signal.throwIfAborted();
      }
      signal?.addEventListener("abort", () => void session.close(), { once: true });
      return session;
    },
  };
}
