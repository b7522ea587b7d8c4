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
import type { ContextKind, ContextLimits } from "./context-file.js";
import type { DenoProcess } from "./deno-process.js";
import { type EncodedVariable, encodeVariable } from "./encode-variable.js";
import type { InboundMessage } from "./inbound-message.js";
import { parseUntrustedJson } from "./parse-untrusted-json.js";
import type { RunnerProcess } from "./runner-process.js";
import { type BridgeCall, serveBridgeCall } from "./serve-bridge-call.js";

export interface DenoSessionOptions<P extends RunnerProcess = DenoProcess> {
  language: SandboxLanguage;
  host: HostBridge;
  toolNames: readonly string[];
  contextKind: ContextKind;
  /** The context's limits, which a variable holding bytes is encoded under too. */
  contextLimits: ContextLimits;
  limits: {
    maxPerCell: number;
    maxInFlight: number;
    maxPromptChars: number;
    /** A cell's output as the model sees it (the runner caps it too; this holds if it is bypassed). */
    maxOutputChars: number;
    defaultTimeoutMs: number;
    loadTimeoutMs: number;
  };
  /** How long a cell may overrun its limit (its own guard failed) before the process is killed. */
  killGraceMs?: number;
  /**
   * A started process in place of `dead`, which has died: it must be given the same context
   * (a local process takes over `dead`'s context file). The session loads it, then disposes
   * `dead`.
   */
  acquireProcess: (dead: P) => Promise<P>;
  /** Called once the session is closed and its process reaped; awaited by `close()`. */
  onClosed?: () => void | Promise<void>;
  /** Called as each cell starts and, once it has ended, again with `onCellEnd`. */
  onCellStart?: () => void;
  onCellEnd?: () => void;
}

/** How long a cell may overrun its limit (its own guard failed) before the process is killed. */
const KILL_GRACE_MS = 1500;
/**
 * How long a sub-call's answer may wait for the cell's next ones (see `bridge`): far below
 * any model's latency, and what each write and wake-up of the sandbox process costs is then
 * shared by the answers that arrive in that span.
 */
const ANSWER_LINGER_MS = 2;

/**
 * One REPL session: a runner process holding `context` (a local Deno process, or one in a
 * remote sandbox), restarted when it has to be.
 */
export class DenoSession<P extends RunnerProcess = DenoProcess> implements SandboxSession {
  readonly language: SandboxLanguage;
  private process: P;
  private closed = false;
  private resetReason: string | undefined;
  private requestSequence = 0;
  /** The process whose death a cell result already reported. */
  private reportedDeath: P | undefined;
  /** Variables the host set (`query`, added contexts), encoded: a restart sets them again. */
  private readonly hostVariables = new Map<string, EncodedVariable>();

  private constructor(
    private readonly options: DenoSessionOptions<P>,
    process: P,
  ) {
    this.language = options.language;
    this.process = process;
  }

  /** Loads the context (already where the process reads it) and returns the session. */
  static async open<P extends RunnerProcess>(
    options: DenoSessionOptions<P>,
    process: P,
  ): Promise<DenoSession<P>> {
    const session = new DenoSession(options, process);
    await session.load(process);
    return session;
  }

  /**
   * A process that fails to load is disposed, or, after a restart (`keepFiles`), only killed:
   * its files hold the session's context, which the next restart takes over.
   */
  private async load(process: P, keepFiles = false): Promise<void> {
    const release = process.hold?.("load");
    try {
      const ready = process.waitFor("ready", { timeoutMs: this.options.limits.loadTimeoutMs });
      process.send({
        type: "load",
        contextKind: this.options.contextKind,
        toolNames: [...this.options.toolNames],
      });
      await ready;
    } catch (error) {
      if (keepFiles) process.kill("it could not load the context");
      else await process.dispose();
      throw SandboxError.isInstance(error)
        ? error
        : new SandboxError({ message: "The sandbox could not load the context.", cause: error });
    } finally {
      release?.();
    }
  }

  /** The live process, restarted (with the same context) after a kill. */
  private async liveProcess(): Promise<P> {
    if (this.process.alive) return this.process;
    const dead = this.process;
    if (this.reportedDeath !== dead) this.resetReason ??= dead.deathReason;
    const fresh = await this.options.acquireProcess(dead).catch((error: unknown) => {
      throw this.closed ? new SandboxError({ message: "The sandbox session is closed." }) : error;
    });
    if (this.closed) {
      // Closed while the new process started: nothing may outlive the session.
      await Promise.all([fresh.dispose(), dead.dispose()]);
      throw new SandboxError({ message: "The sandbox session is closed." });
    }
    // From here close() reaps the new process, whatever step the restart is at.
    this.process = fresh;
    try {
      await dead.dispose();
      await this.load(fresh, true);
      for (const [name, value] of this.hostVariables) await this.sendVariable(fresh, name, value);
    } catch (error) {
      if (this.closed) throw new SandboxError({ message: "The sandbox session is closed." });
      throw error;
    }
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
    const process = await this.liveProcess();
    const resetBefore = this.resetReason;
    this.resetReason = undefined;
    const result = await this.runCell(process, script, options);
    if (resetBefore && !result.stateReset) {
      result.output = `[The sandbox was restarted before this cell because ${resetBefore}; every variable except \`context\` was lost.]\n${result.output}`;
      result.stateReset = true;
    }
    return result;
  }

  private async runCell(process: P, code: string, options: ExecuteOptions): Promise<CellResult> {
    const { cellId } = options;
    const timeoutMs = options.timeoutMs ?? this.options.limits.defaultTimeoutMs;
    const cellAbort = new AbortController();
    const gate = new SubCallGate(this.options.limits);
    const seenCalls = new Set<number>();
    const cell = { gate, signal: cellAbort.signal, callsInFlight: 0 };
    const unsubscribe = process.onMessage((message) => {
      if (message.type !== "bridge-call" || message.cellId !== cellId) return;
      if (seenCalls.has(message.callId)) return; // a forged or repeated id
      seenCalls.add(message.callId);
      void this.bridge(process, message, cell);
    });
    const onAbort = () => process.kill("the run was aborted");
    options.abortSignal?.addEventListener("abort", onAbort, { once: true });
    // Python is interrupted at the limit (KeyboardInterrupt keeps its state); JavaScript
    // enforces its own limit in the worker. Past the grace period the process is killed.
    const interruptTimer = setTimeout(() => process.send({ type: "interrupt" }), timeoutMs);
    const killTimer = setTimeout(
      () => process.kill(`the cell ran ${timeoutMs} ms and could not be interrupted`),
      timeoutMs + (this.options.killGraceMs ?? KILL_GRACE_MS),
    );
    const release = process.hold?.("cell");
    this.options.onCellStart?.();
    try {
      const done = process.waitFor("cell-result", {
        match: (message) => message.cellId === cellId,
      });
      process.send({
        type: "execute",
        cellId,
        code,
        timeoutMs,
        maxSubCalls: this.options.limits.maxPerCell,
      });
      const message = await done;
      return toCellResult(message, this.options.limits.maxOutputChars);
    } catch (error) {
      if (options.abortSignal?.aborted) throw options.abortSignal.reason;
      if (!(SandboxError.isInstance(error) && !process.alive)) throw error;
      // The process died or was killed during the cell: report it; restart on the next cell.
      this.reportedDeath = process;
      return {
        output: "",
        error: `The sandbox was restarted because ${process.deathReason}. Every variable except \`context\` was lost.`,
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
      release?.();
      this.options.onCellEnd?.();
    }
  }

  private async bridge(
    process: P,
    call: BridgeCall,
    cell: { gate: SubCallGate; signal: AbortSignal; callsInFlight: number },
  ): Promise<void> {
    const { host, toolNames, limits } = this.options;
    cell.callsInFlight++;
    const reply = await serveBridgeCall(call, {
      host,
      toolNames,
      maxPromptChars: limits.maxPromptChars,
      gate: cell.gate,
      signal: cell.signal,
    });
    cell.callsInFlight--;
    if (cell.signal.aborted) return;
    // While more of the cell's calls are in flight, its code is most likely waiting for them
    // too: an answer may wait a moment to share a frame (and a wake-up of the sandbox) with
    // the next; the cell's last answer goes out at once.
    const options = cell.callsInFlight > 0 ? { lingerMs: ANSWER_LINGER_MS } : {};
    process.send({ type: "bridge-result", callId: call.callId, ...reply }, options);
  }

  /**
   * Throws, with the reason in words for the model, when the variable exists but cannot be
   * an answer: larger than the FINAL cap (the cap on FINAL from code), or not readable in time.
   */
  async readVariable(name: string): Promise<string | undefined> {
    if (this.closed || !this.process.alive) return undefined;
    const process = this.process;
    const requestId = ++this.requestSequence;
    const fail = (reason: string) =>
      new SandboxError({ message: `The variable "${name}" could not be read: ${reason}.` });
    let answer: Extract<InboundMessage, { type: "variable" }>;
    const release = process.hold?.("request");
    try {
      const reply = process.waitFor("variable", {
        timeoutMs: this.options.limits.loadTimeoutMs,
        match: (message) => message.requestId === requestId,
      });
      process.send({ type: "read-variable", requestId, name });
      answer = await reply;
    } catch (error) {
      // A process that died took its variables with it; the next cell says so.
      if (!process.alive) return undefined;
      throw fail((error as Error).message.replace(/\.$/, ""));
    } finally {
      release?.();
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
    const encoded = encodeVariable(value, this.options.contextLimits);
    this.hostVariables.set(name, encoded);
    // A dead process gets the variable with the others when the next cell restarts it.
    const process = this.process;
    if (!process.alive) return;
    await this.sendVariable(process, name, encoded).catch((error: unknown) => {
      if (process.alive) throw error;
    });
  }

  /** Sends one host variable; the worker's acknowledgement means a later cell sees it. */
  private async sendVariable(process: P, name: string, value: EncodedVariable): Promise<void> {
    const requestId = ++this.requestSequence;
    const release = process.hold?.("request");
    try {
      const done = process.waitFor("variable", {
        timeoutMs: this.options.limits.loadTimeoutMs,
        match: (message) => message.requestId === requestId,
      });
      process.send({ type: "set-variable", requestId, name, ...value });
      await done;
    } finally {
      release?.();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.process.dispose();
    await this.options.onClosed?.();
  }
}

/**
 * The model's view of a cell result, capped again here: the runner caps output and FINAL
 * values, but code that escaped its realm can post a result of its own.
 */
export function toCellResult(
  message: Extract<InboundMessage, { type: "cell-result" }>,
  maxOutputChars: number,
): CellResult {
  const truncated = message.truncated || message.output.length > maxOutputChars;
  const result: CellResult = { output: message.output.slice(0, maxOutputChars), truncated };
  if (message.lateCalls) result.lateCallsDropped = message.lateCalls;
  if (message.error !== undefined) result.error = message.error.slice(0, maxOutputChars);
  if (message.finalJson !== undefined && message.finalJson.length > MAX_FINAL_JSON_CHARS) {
    result.error = [
      result.error,
      `FINAL failed: the value ${overFinalCap(message.finalJson.length)}.`,
    ]
      .filter(Boolean)
      .join("\n");
  } else if (message.finalJson !== undefined) {
    try {
      result.final = { value: parseUntrustedJson(message.finalJson, "The FINAL value") };
    } catch (error) {
      result.error = [result.error, `FINAL failed: ${(error as Error).message}`]
        .filter(Boolean)
        .join("\n");
    }
  }
  return result;
}
