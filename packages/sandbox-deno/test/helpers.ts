import { type Context, type HostBridge, messageText, type SandboxSession } from "@rlm/core";
import { type DenoSandboxOptions, denoSandbox } from "../src/index.js";
import { denoChildPids } from "../src/testing/index.js";

export interface RecordingHost extends HostBridge {
  calls: {
    kind: string;
    prompt?: string;
    model?: string;
    context?: unknown;
    name?: string;
    args?: unknown;
  }[];
}

/** A host that answers every sub-call from a function and records what it was asked. */
export function recordingHost(
  answer: (prompt: string) => string | Promise<string> = (prompt) => `answer(${prompt})`,
): RecordingHost {
  const calls: RecordingHost["calls"] = [];
  return {
    calls,
    async llmQuery(request) {
      const prompt = messageText({ role: "user", content: request.prompt });
      calls.push({ kind: "llm", prompt, ...(request.model ? { model: request.model } : {}) });
      return answer(prompt);
    },
    async rlmQuery(request) {
      calls.push({ kind: "rlm", prompt: request.prompt, context: request.context });
      return answer(request.prompt);
    },
    async tool(request) {
      calls.push({ kind: "tool", name: request.name, args: request.args });
      return { echoed: request.args };
    },
    budget() {
      calls.push({ kind: "budget" });
      const unset = { used: 0, limit: null, remaining: null };
      return {
        costUsd: unset,
        tokens: unset,
        subCalls: unset,
        timeMs: unset,
        depth: unset,
        iterations: unset,
      };
    },
  };
}

let cellCounter = 0;
/** Runs a cell. The default time limit only catches a hang, even on a loaded machine. */
export function cell(session: SandboxSession, code: string, timeoutMs = 30_000) {
  cellCounter++;
  return session.execute(code, { cellId: `cell-${cellCounter}`, timeoutMs });
}

export async function openSession(
  options: {
    context?: Context;
    host?: HostBridge;
    toolNames?: string[];
    sandbox?: DenoSandboxOptions;
  } = {},
) {
  const sandbox = denoSandbox({ warmSessions: 0, ...options.sandbox });
  const session = await sandbox.createSession({
    context: options.context ?? "the context",
    host: options.host ?? recordingHost(),
    ...(options.toolNames ? { toolNames: options.toolNames } : {}),
  });
  return { sandbox, session };
}

/** Process ids of Deno processes that are children of this test process. */
export function denoChildren(): number[] {
  return denoChildPids();
}

/**
 * Polls `condition` until it holds. The ceiling only catches a hang: the tests must pass on
 * a machine busy with other work, where everything takes several times longer.
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  options: { what: string; ceilingMs?: number },
): Promise<void> {
  const ceilingMs = options.ceilingMs ?? 60_000;
  const deadline = performance.now() + ceilingMs;
  while (!(await condition())) {
    if (performance.now() > deadline) {
      throw new Error(`${options.what} did not happen within ${ceilingMs / 1000} s.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
