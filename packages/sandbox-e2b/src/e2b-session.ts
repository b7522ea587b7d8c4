import type {
  CellResult,
  Context,
  ExecuteOptions,
  HostBridge,
  SandboxLanguage,
  SandboxSession,
} from "@rlm/core";
import {
  MAX_FINAL_JSON_CHARS,
  overFinalCap,
  SandboxError,
  SubCallGate,
  transformJavaScriptCell,
} from "@rlm/core";
import {
  type EncodedVariable,
  encodeVariable,
  type InboundMessage,
  serveBridgeCall,
  toCellResult,
} from "@rlm/sandbox-deno/runner-protocol";
import type { ResolvedE2BSandboxOptions } from "./e2b-sandbox-options.js";
import { RemoteMachine } from "./remote-machine.js";
import type { RemoteRunner } from "./remote-runner.js";

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

/** One REPL session: a runner in a remote E2B sandbox, restarted when it has to be. */
export class E2BSession implements SandboxSession {
  readonly language: SandboxLanguage;
  private closed = false;
  private resetReason: string | undefined;
  private requestSequence = 0;
  /** The runner whose death a cell result already reported. */
  private reportedDeath: RemoteRunner | undefined;
  /** Variables the host set (`query`, added contexts), encoded: a restart sets them again. */
  private readonly hostVariables = new Map<string, EncodedVariable>();

  private constructor(
    private readonly options: E2BSessionOptions,
    private machine: RemoteMachine,
    private runner: RemoteRunner,
  ) {
    this.language = options.settings.language;
  }

  /** Starts a remote sandbox, its runner and loads the context; leaves nothing on failure. */
  static async open(options: E2BSessionOptions): Promise<E2BSession> {
    const machine = await RemoteMachine.create(options.settings, options.context);
    try {
      const runner = await machine.startRunner();
      const session = new E2BSession(options, machine, runner);
      await session.load(runner);
      return session;
    } catch (error) {
      await machine.kill();
      throw error;
    }
  }

  private async load(runner: RemoteRunner): Promise<void> {
    const ready = runner.waitFor("ready", { timeoutMs: this.options.settings.startTimeoutMs });
    runner.send({
      type: "load",
      contextKind: this.machine.contextKind,
      toolNames: [...this.options.toolNames],
    });
    await ready;
  }

  /** The live runner: a new one after a death, in a new sandbox if the old one is gone. */
  private async liveRunner(): Promise<RemoteRunner> {
    if (this.runner.alive) return this.runner;
    const dead = this.runner;
    if (this.reportedDeath !== dead) this.resetReason ??= dead.deathReason;
    if (!(await this.machine.isRunning())) {
      await this.machine.kill();
      this.machine = await RemoteMachine.create(this.options.settings, this.options.context);
    }
    const fresh = await this.machine.startRunner();
    if (this.closed) {
      fresh.kill("the session was closed");
      throw new SandboxError({ message: "The sandbox session is closed." });
    }
    this.runner = fresh;
    await this.load(fresh);
    for (const [name, value] of this.hostVariables) await this.sendVariable(fresh, name, value);
    return fresh;
  }

  async execute(code: string, options: ExecuteOptions): Promise<CellResult> {
    if (this.closed) throw new SandboxError({ message: "The sandbox session is closed." });
    options.abortSignal?.throwIfAborted();
    let script = code;
    if (this.language === "javascript") {
      try {
        script = transformJavaScriptCell(code);
      } catch (error) {
        return { output: "", error: `SyntaxError: ${(error as Error).message}`, truncated: false };
      }
    }
    const runner = await this.liveRunner();
    const resetBefore = this.resetReason;
    this.resetReason = undefined;
    const result = await this.runCell(runner, script, options);
    if (resetBefore && !result.stateReset) {
      result.output = `[The sandbox was restarted before this cell because ${resetBefore}; every variable except \`context\` was lost.]\n${result.output}`;
      result.stateReset = true;
    }
    return result;
  }

  private async runCell(
    runner: RemoteRunner,
    code: string,
    options: ExecuteOptions,
  ): Promise<CellResult> {
    const { cellId } = options;
    const { settings, limits, host, toolNames } = this.options;
    const timeoutMs = options.timeoutMs ?? settings.defaultTimeoutMs;
    const cellAbort = new AbortController();
    const gate = new SubCallGate(limits);
    const seenCalls = new Set<number>();
    const unsubscribe = runner.onMessage((message) => {
      if (message.type !== "bridge-call" || message.cellId !== cellId) return;
      if (seenCalls.has(message.callId)) return; // a forged or repeated id
      seenCalls.add(message.callId);
      void serveBridgeCall(message, {
        host,
        toolNames,
        maxPromptChars: limits.maxPromptChars,
        gate,
        signal: cellAbort.signal,
      }).then((reply) => {
        if (!cellAbort.signal.aborted)
          runner.send({ type: "bridge-result", callId: message.callId, ...reply });
      });
    });
    const onAbort = () => runner.kill("the run was aborted");
    options.abortSignal?.addEventListener("abort", onAbort, { once: true });
    // The JavaScript REPL enforces its own limit; past the grace period the runner is killed.
    const interruptTimer = setTimeout(() => runner.send({ type: "interrupt" }), timeoutMs);
    const killTimer = setTimeout(
      () => runner.kill(`the cell ran ${timeoutMs} ms and could not be interrupted`),
      timeoutMs + KILL_GRACE_MS,
    );
    try {
      const done = runner.waitFor("cell-result", {
        match: (message) => message.cellId === cellId,
      });
      runner.send({ type: "execute", cellId, code, timeoutMs, maxSubCalls: limits.maxPerCell });
      return toCellResult(await done, settings.maxOutputChars);
    } catch (error) {
      if (options.abortSignal?.aborted) throw options.abortSignal.reason;
      if (!(SandboxError.isInstance(error) && !runner.alive)) throw error;
      // The runner (or its whole sandbox) died during the cell: report it; restart next cell.
      this.reportedDeath = runner;
      return {
        output: "",
        error: `The sandbox was restarted because ${runner.deathReason}. Every variable except \`context\` was lost.`,
        truncated: false,
        stateReset: true,
      };
    } finally {
      clearTimeout(interruptTimer);
      clearTimeout(killTimer);
      options.abortSignal?.removeEventListener("abort", onAbort);
      unsubscribe();
      cellAbort.abort(new Error("The cell has ended."));
      gate.close();
    }
  }

  async readVariable(name: string): Promise<string | undefined> {
    if (this.closed || !this.runner.alive) return undefined;
    const runner = this.runner;
    const requestId = ++this.requestSequence;
    const fail = (reason: string) =>
      new SandboxError({ message: `The variable "${name}" could not be read: ${reason}.` });
    let answer: Extract<InboundMessage, { type: "variable" }>;
    try {
      const reply = runner.waitFor("variable", {
        timeoutMs: this.options.settings.startTimeoutMs,
        match: (message) => message.requestId === requestId,
      });
      runner.send({ type: "read-variable", requestId, name });
      answer = await reply;
    } catch (error) {
      // A runner that died took its variables with it; the next cell says so.
      if (!runner.alive) return undefined;
      throw fail((error as Error).message.replace(/\.$/, ""));
    }
    const { value, error } = answer;
    if (error !== undefined) throw fail(error);
    if (value !== undefined && value.length > MAX_FINAL_JSON_CHARS) {
      throw fail(`it ${overFinalCap(value.length)}`);
    }
    return value;
  }

  async setVariable(name: string, value: Context): Promise<void> {
    if (this.closed) throw new SandboxError({ message: "The sandbox session is closed." });
    const encoded = encodeVariable(value, this.options.settings);
    this.hostVariables.set(name, encoded);
    // A dead runner gets the variable with the others when the next cell restarts it.
    const runner = this.runner;
    if (!runner.alive) return;
    await this.sendVariable(runner, name, encoded).catch((error: unknown) => {
      if (runner.alive) throw error;
    });
  }

  /** Sends one host variable; the worker's acknowledgement means a later cell sees it. */
  private async sendVariable(
    runner: RemoteRunner,
    name: string,
    value: EncodedVariable,
  ): Promise<void> {
    const requestId = ++this.requestSequence;
    const done = runner.waitFor("variable", {
      timeoutMs: this.options.settings.startTimeoutMs,
      match: (message) => message.requestId === requestId,
    });
    runner.send({ type: "set-variable", requestId, name, ...value });
    await done;
  }

  /** Kills the runner and the remote sandbox: nothing is billed after this. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.runner.kill("the session was closed");
    await this.machine.kill();
  }
}
