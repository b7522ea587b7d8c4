import type { Context, HostBridge, SandboxSession } from "@rlm/core";
import { SandboxError } from "@rlm/core";
import { DenoSession } from "@rlm/sandbox-deno/runner-protocol";
import type { ResolvedE2BSandboxOptions } from "./e2b-sandbox-options.js";
import { RemoteMachine } from "./remote-machine.js";

export interface E2BSessionOptions {
  settings: ResolvedE2BSandboxOptions;
  context: Context;
  host: HostBridge;
  toolNames: readonly string[];
  limits: { maxPerCell: number; maxInFlight: number; maxPromptChars: number };
}

/**
 * How long a cell may overrun its limit (its own guard failed) before the runner is killed:
 * longer than a local sandbox's, as the result crosses the network.
 */
const KILL_GRACE_MS = 5_000;

/**
 * Starts a remote sandbox and its runner and loads the context; leaves nothing on failure.
 * The session is `@rlm/sandbox-deno`'s over the remote runner: a runner that dies is
 * replaced by a new one, in a new sandbox if the old one is gone. Closing it kills the
 * runner and the remote sandbox: nothing is billed after that.
 */
export async function openE2BSession(options: E2BSessionOptions): Promise<SandboxSession> {
  const { settings, context } = options;
  let machine = await RemoteMachine.create(settings, context);
  let closed = false;
  try {
    return await DenoSession.open(
      {
        language: settings.language,
        host: options.host,
        toolNames: options.toolNames,
        contextKind: machine.contextKind,
        contextLimits: settings,
        limits: {
          ...options.limits,
          maxOutputChars: settings.maxOutputChars,
          defaultTimeoutMs: settings.defaultTimeoutMs,
          loadTimeoutMs: settings.startTimeoutMs,
        },
        killGraceMs: KILL_GRACE_MS,
        acquireProcess: async () => {
          if (!(await machine.isRunning())) {
            await machine.kill();
            machine = await RemoteMachine.create(settings, context);
            // Closed while it started: the session's close killed the sandbox before it.
            if (closed) {
              await machine.kill();
              throw new SandboxError({ message: "The sandbox session is closed." });
            }
          }
          return machine.startRunner();
        },
        onClosed: async () => {
          closed = true;
          await machine.kill();
        },
      },
      await machine.startRunner(),
    );
  } catch (error) {
    await machine.kill();
    throw error;
  }
}
