import type { Context } from "../context/context.js";
import type { JsonSchema } from "../model/language-model.js";
import type { ContentPart } from "../model/message.js";

export type SandboxLanguage = "javascript" | "python";

/** A sub-call prompt: text, or text and image parts in order. */
export type SubCallPrompt = string | readonly ContentPart[];

/** One limit of a run as `budget()` reports it. */
export interface BudgetLine {
  used: number;
  /** `null` when the limit is not set. */
  limit: number | null;
  /** `limit - used` (never below 0); `null` when the limit is not set. */
  remaining: number | null;
}

/** What `budget()` returns in the REPL: what is left of the run's limits right now. */
export interface BudgetSnapshot {
  /** USD spent by the whole run (all depths); limit `maxCostUsd`. */
  costUsd: BudgetLine;
  /** Input + output tokens of the whole run; limit `maxTokens`. */
  tokens: BudgetLine;
  /** `llm_query` + `rlm_query` calls of the whole run; limit `maxSubCalls`. */
  subCalls: BudgetLine;
  /** Milliseconds since the run started; limit `timeoutMs`. */
  timeMs: BudgetLine;
  /** Used: this node's depth; limit: `maxDepth`. */
  depth: BudgetLine;
  /** Used: this node's current iteration (1-based); limit: `maxIterations`. */
  iterations: BudgetLine;
}

/**
 * What sandbox code can reach on the host, and nothing else. Each RLM node gets its own
 * bridge; core enforces budgets, concurrency and depth behind it.
 */
export interface HostBridge {
  /**
   * `llm_query(prompt, { model, schema })`: one sub-model call. Without `schema`: the reply
   * string. With it: the parsed JSON value, validated against `schema`. Core checks the
   * prompt before anything is sent (image caps, media types): a sandbox may pass an image
   * part without `mediaType`, which core then tells from the bytes.
   */
  llmQuery(request: {
    prompt: SubCallPrompt;
    model?: string;
    schema?: JsonSchema;
    cellId: string;
    abortSignal?: AbortSignal;
  }): Promise<unknown>;
  /**
   * `rlm_query(prompt, subContext, { schema })`: a child RLM one level deeper. Without a
   * context the child gets the prompt itself as its context. At `maxDepth` it is an
   * `llmQuery`. With `schema`, the child's FINAL value is validated against it and returned
   * as a value.
   */
  rlmQuery(request: {
    prompt: string;
    context?: Context;
    schema?: JsonSchema;
    cellId: string;
    abortSignal?: AbortSignal;
  }): Promise<unknown>;
  /** `budget()` in the REPL: what is left of the run's limits right now. */
  budget(request: { cellId: string }): BudgetSnapshot;
  /** A user-registered host tool, by name. */
  tool(request: { name: string; args: unknown; cellId: string }): Promise<unknown>;
}

export interface SandboxSessionOptions {
  context: Context;
  host: HostBridge;
  /** Names of the user tools to expose as globals (each calls `host.tool`). */
  toolNames?: readonly string[];
  /** Caps the sandbox applies on its side, before a call reaches `host`. */
  subCallLimits?: {
    /**
     * Sub-calls one cell may start; the sandbox refuses the ones after (an error in the cell)
     * without calling `host`. A guard against a runaway loop, not a budget: core leaves it
     * unset and counts the run's `maxSubCalls` behind `host` itself, so the call over the
     * run's limit stops the run. Unset: the sandbox's own default.
     */
    maxPerCell?: number;
    /** Sub-calls of one cell in flight at once; the rest wait for a slot. Core passes `maxConcurrency`. */
    maxInFlight?: number;
    /**
     * Characters of one `llm_query` / `rlm_query` prompt (of its text parts, for a prompt of
     * parts); a longer one is refused in the cell.
     */
    maxPromptChars?: number;
  };
  abortSignal?: AbortSignal;
}

/** Creates one session per RLM node. */
export interface Sandbox {
  readonly language: SandboxLanguage;
  /** How many sessions this machine can keep alive at once, by the sandbox's own measure. */
  readonly recommendedMaxSessions?: number;
  createSession(options: SandboxSessionOptions): Promise<SandboxSession>;
}

export interface ExecuteOptions {
  cellId: string;
  timeoutMs?: number;
  abortSignal?: AbortSignal;
}

export interface CellResult {
  /** Captured `console.log` / `print` output and the last expression's value, capped. */
  output: string;
  /** The error that ended the cell, formatted for the model. */
  error?: string;
  /** True when the sandbox cut the output at its cap. */
  truncated: boolean;
  /** Set when the cell called `FINAL(value)` or `FINAL_VAR(name)`; the first call wins. */
  final?: { value: unknown };
  /** True when the sandbox had to restart and lost every variable except `context`. */
  stateReset?: boolean;
  /**
   * FINAL, output and sub-calls from continuations of cells that had already ended (a promise
   * settled late, an asyncio task) since the previous result: refused, never attributed to
   * this cell. Absent when none.
   */
  lateCallsDropped?: number;
}

/** A live REPL holding `context`, whose variables persist from cell to cell. */
export interface SandboxSession {
  readonly language: SandboxLanguage;
  execute(code: string, options: ExecuteOptions): Promise<CellResult>;
  /** The value of a variable as a string (non-strings JSON-encoded), for text-tag `FINAL_VAR`. */
  readVariable(name: string): Promise<string | undefined>;
  /**
   * Defines, or replaces, a variable that the host owns and code only reads: `query` (the
   * current question) and the contexts a session adds later (`context_1`, `context_2`, ...).
   * Like `context`, it survives a restart of the sandbox.
   */
  setVariable(name: string, value: Context): Promise<void>;
  close(): Promise<void>;
}
