import { AsyncLocalStorage } from "node:async_hooks";
import { inspect } from "node:util";
import vm from "node:vm";
import type { Context } from "../context/context.js";
import { SandboxError } from "../errors/sandbox-error.js";
import type { JsonSchema } from "../model/language-model.js";
import { transformJavaScriptCell } from "../repl/transform-javascript-cell.js";
import { MAX_FINAL_JSON_CHARS, overFinalCap } from "../sandbox/final-cap.js";
import type {
  CellResult,
  ExecuteOptions,
  Sandbox,
  SandboxSession,
  SandboxSessionOptions,
} from "../sandbox/sandbox.js";
import { SubCallGate } from "../sandbox/sub-call-gate.js";
import { promptFromCode } from "./vm-prompt.js";
import { finalJson, formatError, settleWithin, toHostValue } from "./vm-values.js";

/** The options of `llm_query`, `rlm_query` and their batched forms in the REPL. */
interface QueryOptions {
  model?: string;
  schema?: unknown;
}

export interface VmSandboxOptions {
  /** Characters of raw output kept per cell. Default 100,000. */
  maxOutputChars?: number;
}

interface CellState {
  cellId: string;
  output: string[];
  outputChars: number;
  truncated: boolean;
  final?: { value: unknown };
  /** Why a FINAL was refused (over the cap). */
  finalError?: string;
  /** The caller's signal, else one aborted when the cell ends. */
  signal: AbortSignal;
  gate: SubCallGate;
  timers: Set<NodeJS.Timeout>;
  ended: boolean;
}

/**
 * An in-process JavaScript REPL on `node:vm`, for tests of code built on `@rlm/core`.
 * It is a real interpreter with the same globals and REPL semantics as the Deno sandbox,
 * and passes the sandbox conformance suite. Beyond it, running in the host's own thread, it
 * cannot stop an endless loop in a continuation (after an `await`), which blocks the host,
 * nor abort a cell while it runs synchronously. It is NOT a security
 * boundary: never run untrusted model output with it. Use `@rlm/sandbox-deno` for that.
 */
export function vmSandbox(options: VmSandboxOptions = {}): Sandbox {
  return {
    language: "javascript",
    createSession: async (sessionOptions) => createVmSession(sessionOptions, options),
  };
}

function createVmSession(
  sessionOptions: SandboxSessionOptions,
  options: VmSandboxOptions,
): SandboxSession {
  const maxOutputChars = options.maxOutputChars ?? 100_000;
  const { host } = sessionOptions;
  const limits = {
    maxPerCell: sessionOptions.subCallLimits?.maxPerCell ?? 2_000,
    maxInFlight: sessionOptions.subCallLimits?.maxInFlight ?? 16,
  };
  const realm = vm.createContext({});
  const RealmBytes = vm.runInContext("Uint8Array", realm) as Uint8ArrayConstructor;
  /** A host value as the realm sees it: byte arrays are the realm's own `Uint8Array`s. */
  const intoRealm = (value: unknown) => toHostValue(value, (bytes) => new RealmBytes(bytes));
  // Continuations of a cell (promises, timers) run in its async context, so a call knows the
  // cell it comes from even after that cell has ended and another one runs.
  const attribution = new AsyncLocalStorage<CellState>();
  let lateCallsDropped = 0;
  let closed = false;

  /** The cell making the current call, or undefined (counted as dropped) once it has ended. */
  const liveCell = (): CellState | undefined => {
    const current = attribution.getStore();
    if (current && !current.ended) return current;
    lateCallsDropped++;
    return undefined;
  };

  const write = (cell: CellState, values: unknown[]) => {
    const line = `${values.map((value) => (typeof value === "string" ? value : inspect(value))).join(" ")}\n`;
    if (cell.outputChars + line.length > maxOutputChars) {
      cell.truncated = true;
      const room = maxOutputChars - cell.outputChars;
      if (room > 0) cell.output.push(line.slice(0, room));
      cell.outputChars = maxOutputChars;
      return;
    }
    cell.output.push(line);
    cell.outputChars += line.length;
  };
  const print = (...values: unknown[]) => {
    const cell = liveCell();
    if (cell) write(cell, values);
  };

  // A bridge call the code never awaits may reject later (the run ended or stopped); in a
  // realm that shares the host's event loop that must not become the host's unhandled rejection.
  const handled = <T>(promise: Promise<T>): Promise<T> => {
    promise.catch(() => undefined);
    return promise;
  };
  // Prompt lengths are left to core, which checks them behind the bridge.
  const subCall = <T>(call: (cell: CellState) => Promise<T>) => {
    const cell = liveCell();
    return handled(
      (async () => {
        if (!cell) throw new Error("The cell has ended; sub-calls are no longer accepted.");
        await cell.gate.enter();
        try {
          cell.signal.throwIfAborted();
          return await call(cell);
        } finally {
          cell.gate.leave();
        }
      })(),
    );
  };
  const schemaOf = (queryOptions: QueryOptions | undefined) =>
    queryOptions?.schema !== undefined
      ? { schema: toHostValue(queryOptions.schema) as JsonSchema }
      : {};
  const llm_query = (prompt: unknown, queryOptions?: QueryOptions) =>
    subCall((cell) =>
      host.llmQuery({
        prompt: promptFromCode(prompt),
        ...(queryOptions?.model !== undefined ? { model: queryOptions.model } : {}),
        ...schemaOf(queryOptions),
        cellId: cell.cellId,
        abortSignal: cell.signal,
      }),
    );
  const rlm_query = (prompt: unknown, subContext?: unknown, queryOptions?: QueryOptions) =>
    subCall((cell) =>
      host.rlmQuery({
        prompt: String(prompt),
        ...(subContext !== undefined ? { context: toHostValue(subContext) as Context } : {}),
        ...schemaOf(queryOptions),
        cellId: cell.cellId,
        abortSignal: cell.signal,
      }),
    );
  const budget = async () => {
    const cell = liveCell();
    if (!cell) throw new Error("The cell has ended; budget() is no longer answered.");
    return host.budget({ cellId: cell.cellId });
  };
  const settleSlot = (promise: Promise<unknown>) =>
    promise.catch(
      (error: unknown) => `Error: ${error instanceof Error ? error.message : String(error)}`,
    );
  const setFinal = (value: unknown) => {
    const cell = liveCell();
    if (!cell || cell.final || cell.finalError !== undefined) return;
    const json = finalJson(value);
    if (json !== undefined && json.length > MAX_FINAL_JSON_CHARS) {
      cell.finalError = `FINAL failed: the value ${overFinalCap(json.length)}.`;
    } else {
      cell.final = { value: json === undefined ? undefined : JSON.parse(json) };
    }
  };
  // Timers a cell set are cleared when it ends, as in the Deno sandbox.
  const timer =
    (start: (callback: () => void, delay: number) => NodeJS.Timeout) =>
    (callback: unknown, delay?: unknown, ...args: unknown[]) => {
      if (typeof callback !== "function") throw new TypeError("The callback must be a function.");
      const handle = start(() => callback(...args), Number(delay) || 0);
      attribution.getStore()?.timers.add(handle);
      return handle;
    };

  const globals: Record<string, unknown> = {
    context: intoRealm(sessionOptions.context),
    console: { log: print, info: print, warn: print, error: print, debug: print },
    print,
    setTimeout: timer(setTimeout),
    setInterval: timer(setInterval),
    clearTimeout: (handle: NodeJS.Timeout) => clearTimeout(handle),
    clearInterval: (handle: NodeJS.Timeout) => clearInterval(handle),
    llm_query,
    llm_query_batched: (prompts: unknown[], queryOptions?: QueryOptions) =>
      Promise.all([...prompts].map((prompt) => settleSlot(llm_query(prompt, queryOptions)))),
    rlm_query,
    rlm_query_batched: (requests: unknown[]) =>
      Promise.all(
        [...requests].map((request) =>
          typeof request === "string"
            ? settleSlot(rlm_query(request))
            : settleSlot(
                rlm_query(
                  (request as { prompt: unknown }).prompt,
                  (request as { context?: unknown }).context,
                  request as QueryOptions,
                ),
              ),
        ),
      ),
    FINAL: setFinal,
    FINAL_VAR: (name: unknown) => {
      const key = String(name);
      if (!(key in realm) || builtinNames.has(key)) {
        throw new ReferenceError(`FINAL_VAR: no variable named "${key}".`);
      }
      setFinal(realm[key]);
    },
    budget,
    SHOW_VARS: () => Object.keys(realm).filter((key) => !builtinNames.has(key)),
  };
  for (const name of sessionOptions.toolNames ?? []) {
    globals[name] = (args: unknown) =>
      subCall((cell) => host.tool({ name, args: toHostValue(args), cellId: cell.cellId }));
  }
  const builtinNames = new Set(Object.keys(globals));
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(realm, name, {
      value,
      writable: false,
      configurable: false,
      enumerable: false,
    });
  }

  return {
    language: "javascript",
    async execute(code: string, executeOptions: ExecuteOptions): Promise<CellResult> {
      if (closed) throw new SandboxError({ message: "The sandbox session is closed." });
      executeOptions.abortSignal?.throwIfAborted();
      const ended = new AbortController();
      const current: CellState = {
        cellId: executeOptions.cellId,
        output: [],
        outputChars: 0,
        truncated: false,
        // The caller's own signal when it gives one: it ends the cell's calls with its reason.
        signal: executeOptions.abortSignal ?? ended.signal,
        gate: new SubCallGate(limits),
        timers: new Set(),
        ended: false,
      };
      const result = (error?: string): CellResult => {
        const late = lateCallsDropped;
        lateCallsDropped = 0;
        const errors = [error, current.finalError].filter((text) => text !== undefined);
        return {
          output: current.output.join("").replace(/\n$/, ""),
          truncated: current.truncated,
          ...(errors.length > 0 ? { error: errors.join("\n") } : {}),
          ...(current.final ? { final: current.final } : {}),
          ...(late > 0 ? { lateCallsDropped: late } : {}),
        };
      };
      try {
        const script = new vm.Script(transformJavaScriptCell(code), {
          filename: `${executeOptions.cellId}.js`,
        });
        const timeoutMs = executeOptions.timeoutMs ?? 120_000;
        const completion = attribution.run(
          current,
          () => script.runInContext(realm, { timeout: timeoutMs }) as Promise<unknown>,
        );
        const value = await settleWithin(completion, timeoutMs, executeOptions.abortSignal);
        if (value !== undefined)
          write(current, [typeof value === "string" ? inspect(value) : value]);
        return result();
      } catch (error) {
        if (executeOptions.abortSignal?.aborted) throw executeOptions.abortSignal.reason;
        return result(formatError(error));
      } finally {
        current.ended = true;
        ended.abort(new Error("The cell has ended."));
        current.gate.close();
        for (const handle of current.timers) clearTimeout(handle);
      }
    },
    async readVariable(name) {
      if (builtinNames.has(name) && name !== "context") return undefined;
      const value = (realm as Record<string, unknown>)[name];
      if (value === undefined) return undefined;
      const text = typeof value === "string" ? value : finalJson(value);
      if (text !== undefined && text.length > MAX_FINAL_JSON_CHARS) {
        throw new SandboxError({
          message: `The variable "${name}" could not be read: it ${overFinalCap(text.length)}.`,
        });
      }
      return text;
    },
    async setVariable(name, value) {
      // Configurable, so the next question can replace it; an assignment from code throws,
      // so a model that names its own variable `query` learns that it did not take.
      const held = intoRealm(value);
      Object.defineProperty(realm, name, {
        get: () => held,
        set: () => {
          throw new TypeError(
            `\`${name}\` is read-only: the host sets it. Give your variable another name.`,
          );
        },
        configurable: true,
        enumerable: false,
      });
      builtinNames.add(name);
    },
    async close() {
      closed = true;
    },
  };
}
