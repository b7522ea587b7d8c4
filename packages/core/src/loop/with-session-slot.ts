import type { SandboxSession, SandboxSessionOptions } from "../sandbox/sandbox.js";
import { errorSummary } from "./error-summary.js";
import type { NodeInfo, RunState } from "./run-state.js";

type OpenSession = (options: SandboxSessionOptions) => Promise<SandboxSession>;

/**
 * `open`, holding one of the run's `maxLiveSessions` slots from before the session starts
 * until it is closed (or its start fails). A node that has to wait for a slot says so with
 * `sandbox-wait-start` / `sandbox-wait-end`.
 */
export function withSessionSlot(run: RunState, node: NodeInfo, open: OpenSession): OpenSession {
  return async (options) => {
    const release = await takeSlot(run, node, options.abortSignal ?? run.abortSignal);
    let session: SandboxSession;
    try {
      session = await open(options);
    } catch (error) {
      release();
      throw error;
    }
    return {
      language: session.language,
      execute: (code, executeOptions) => session.execute(code, executeOptions),
      readVariable: (name) => session.readVariable(name),
      setVariable: (name, value) => session.setVariable(name, value),
      close: () => session.close().finally(release),
    };
  };
}

async function takeSlot(run: RunState, node: NodeInfo, abortSignal: AbortSignal) {
  const slots = run.sessionSlots;
  const now = slots.tryAcquire(node.depth);
  if (now) return now;
  run.emit(node, {
    type: "sandbox-wait-start",
    liveSessions: slots.liveSessions,
    maxLiveSessions: slots.capacity,
  });
  const startedAt = performance.now();
  try {
    const release = await slots.acquire(node.depth, abortSignal);
    run.emit(node, { type: "sandbox-wait-end", durationMs: performance.now() - startedAt });
    return release;
  } catch (error) {
    run.emit(node, {
      type: "sandbox-wait-end",
      durationMs: performance.now() - startedAt,
      error: errorSummary(error),
    });
    throw error;
  }
}
