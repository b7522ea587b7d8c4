import { inspect } from "node:util";
import vm from "node:vm";
import type { Context } from "../context/context.js";
import { transformJavaScriptCell } from "../repl/transform-javascript-cell.js";
import type {
  CellResult,
  ExecuteOptions,
  Sandbox,
  SandboxSession,
  SandboxSessionOptions,
} from "../sandbox/sandbox.js";

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
  abortSignal?: AbortSignal;
}

/**
 * An in-process JavaScript REPL on `node:vm`, for tests of code built on `@rlm/core`.
 * It is a real interpreter with the same globals and REPL semantics as the Deno sandbox,
 * but it is NOT a security boundary: never run untrusted model output with it. Use
 * `@rlm/sandbox-deno` for that.
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
  const realm = vm.createContext({});
  let cell: CellState = { cellId: "none", output: [], outputChars: 0, truncated: false };

  const print = (...values: unknown[]) => {
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

  // A bridge call the code never awaits may reject later (the run ended or stopped); in a
  // realm that shares the host's event loop that must not become the host's unhandled rejection.
  const handled = <T>(promise: Promise<T>): Promise<T> => {
    promise.catch(() => undefined);
    return promise;
  };
  const llm_query = (prompt: unknown, queryOptions?: { model?: string }) =>
    handled(
      host.llmQuery({
        prompt: String(prompt),
        ...(queryOptions?.model !== undefined ? { model: queryOptions.model } : {}),
        cellId: cell.cellId,
        ...(cell.abortSignal ? { abortSignal: cell.abortSignal } : {}),
      }),
    );
  const rlm_query = (prompt: unknown, subContext?: unknown) =>
    handled(
      host.rlmQuery({
        prompt: String(prompt),
        ...(subContext !== undefined ? { context: toHostValue(subContext) as Context } : {}),
        cellId: cell.cellId,
        ...(cell.abortSignal ? { abortSignal: cell.abortSignal } : {}),
      }),
    );
  const settleSlot = (promise: Promise<string>) =>
    promise.catch(
      (error: unknown) => `Error: ${error instanceof Error ? error.message : String(error)}`,
    );

  const globals: Record<string, unknown> = {
    context: toHostValue(sessionOptions.context),
    console: { log: print, info: print, warn: print, error: print, debug: print },
    print,
    llm_query,
    llm_query_batched: (prompts: unknown[], queryOptions?: { model?: string }) =>
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
                ),
              ),
        ),
      ),
    FINAL: (value: unknown) => {
      cell.final ??= { value: toHostValue(value) };
    },
    FINAL_VAR: (name: unknown) => {
      const key = String(name);
      if (!(key in realm) || builtinNames.has(key)) {
        throw new ReferenceError(`FINAL_VAR: no variable named "${key}".`);
      }
      cell.final ??= { value: toHostValue(realm[key]) };
    },
    SHOW_VARS: () => Object.keys(realm).filter((key) => !builtinNames.has(key)),
  };
  for (const name of sessionOptions.toolNames ?? []) {
    globals[name] = (args: unknown) =>
      handled(host.tool({ name, args: toHostValue(args), cellId: cell.cellId }));
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
      cell = { cellId: executeOptions.cellId, output: [], outputChars: 0, truncated: false };
      if (executeOptions.abortSignal) cell.abortSignal = executeOptions.abortSignal;
      const current = cell;
      const result = (error?: string): CellResult => ({
        output: current.output.join("").replace(/\n$/, ""),
        truncated: current.truncated,
        ...(error !== undefined ? { error } : {}),
        ...(current.final ? { final: current.final } : {}),
      });
      try {
        const script = new vm.Script(transformJavaScriptCell(code), {
          filename: `${executeOptions.cellId}.js`,
        });
        const timeoutMs = executeOptions.timeoutMs ?? 120_000;
        const completion = script.runInContext(realm, { timeout: timeoutMs }) as Promise<unknown>;
        const value = await settleWithin(completion, timeoutMs, executeOptions.abortSignal);
        if (value !== undefined) print(typeof value === "string" ? inspect(value) : value);
        return result();
      } catch (error) {
        return result(formatError(error));
      }
    },
    async readVariable(name) {
      if (builtinNames.has(name) && name !== "context") return undefined;
      const value = (realm as Record<string, unknown>)[name];
      if (value === undefined) return undefined;
      return typeof value === "string" ? value : JSON.stringify(toHostValue(value));
    },
    async setVariable(name, value) {
      // Configurable, so the next question can replace it; an assignment from code throws,
      // so a model that names its own variable `query` learns that it did not take.
      const held = toHostValue(value);
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
      cell = { cellId: "closed", output: [], outputChars: 0, truncated: false };
    },
  };
}

function settleWithin<T>(
  promise: Promise<T>,
  timeoutMs: number,
  abortSignal?: AbortSignal,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Cell timed out after ${timeoutMs} ms (variables were kept).`)),
      timeoutMs,
    );
    const onAbort = () => reject(abortSignal?.reason ?? new Error("Aborted."));
    abortSignal?.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      abortSignal?.removeEventListener("abort", onAbort);
    });
  });
}

/** Copies a value out of the vm realm as plain JSON-like data. */
function toHostValue(value: unknown): unknown {
  if (value === undefined || typeof value === "function") return undefined;
  try {
    return JSON.parse(JSON.stringify(value));
  } catch {
    return String(value);
  }
}

function formatError(error: unknown): string {
  if (error && typeof error === "object" && "message" in error) {
    const name = (error as { name?: unknown }).name;
    return `${typeof name === "string" ? name : "Error"}: ${String((error as { message: unknown }).message)}`;
  }
  return `Error: ${String(error)}`;
}
