import type { BudgetLimit } from "../errors/budget-exceeded-error.js";
import type { RunSummary } from "../loop/run-summary.js";
import type { FinishReason } from "../model/message.js";
import type { Usage } from "../usage/usage.js";

/**
 * Fields every event carries. `time` is epoch milliseconds with sub-millisecond precision;
 * `seq` counts up per run.
 */
export interface EventBase {
  runId: string;
  nodeId: string;
  parentNodeId: string | undefined;
  depth: number;
  seq: number;
  time: number;
}

/** `root`, `depth-<d>` (a child RLM's own model), `sub` (llm_query) or a `models` key. */
export type Tier = string;

export interface RunLimits {
  maxDepth: number;
  maxIterations: number;
  maxCostUsd?: number;
  maxTokens?: number;
  maxSubCalls?: number;
  maxConcurrency: number;
  maxLiveSessions: number;
  timeoutMs?: number;
}

export interface RunStartEvent extends EventBase {
  type: "run-start";
  query: string;
  /** The run's `name` from `complete()` / `stream()`, when one was given. */
  name?: string;
  limits: RunLimits;
}

export interface NodeStartEvent extends EventBase {
  type: "node-start";
  tier: Tier;
  provider: string;
  model: string;
  query: string;
}

export interface IterationStartEvent extends EventBase {
  type: "iteration-start";
  iteration: number;
}

interface ModelCallFields {
  callId: string;
  /** The cell whose code made this call; absent for the node's own turns. */
  cellId?: string;
  /** The `llm_query` this call answers (the `callId` of its `subcall-start`), for sub-calls. */
  subcallId?: string;
  tier: Tier;
  provider: string;
  modelId: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  /**
   * Set when the tier's model is a `withFallbacks` chain: the place in it of the model that
   * made this attempt (0 for the first). `provider` and `modelId` are that model's.
   */
  fallbackIndex?: number;
}

export interface ModelCallStartEvent extends EventBase, ModelCallFields {
  type: "model-call-start";
  messages: { role: string; content: string }[];
}

export interface ModelCallEndEvent extends EventBase, ModelCallFields {
  type: "model-call-end";
  usage: Usage;
  costUsd?: number;
  finishReason?: FinishReason;
  responseId?: string;
  responseModel?: string;
  text?: string;
  durationMs: number;
  /**
   * Set on a failed attempt that may have been billed: `usage` and `costUsd` are the worst
   * case reserved for it, booked as spent so the ledger never counts less than was served.
   */
  usageEstimated?: true;
  /** The failure's message; the attempt is in the ledger as failed. */
  error?: { name: string; message: string };
  /**
   * A sub-call answered from the memo (`memoize`): no request was sent; `usage` and
   * `costUsd` are zero and `text` is the reply it reused.
   */
  cached?: true;
}

export interface CellStartEvent extends EventBase {
  type: "cell-start";
  cellId: string;
  iteration: number;
  language: string;
  code: string;
}

export interface CellEndEvent extends EventBase {
  type: "cell-end";
  cellId: string;
  iteration: number;
  output: string;
  truncated: boolean;
  stateReset: boolean;
  durationMs: number;
  error?: string;
  /** The answer, when this cell called `FINAL` / `FINAL_VAR` successfully. */
  final?: string;
  /** See `CellResult.lateCallsDropped`; absent when none. */
  lateCallsDropped?: number;
}

export interface SubcallStartEvent extends EventBase {
  type: "subcall-start";
  callId: string;
  cellId: string;
  kind: "llm" | "rlm";
  prompt: string;
  /** Set when the call starts a child RLM. */
  childNodeId?: string;
}

export interface SubcallEndEvent extends EventBase {
  type: "subcall-end";
  callId: string;
  cellId: string;
  kind: "llm" | "rlm";
  childNodeId?: string;
  durationMs: number;
  result?: string;
  error?: { name: string; message: string };
  /** Every model request of this `llm_query` was answered from the memo (`memoize`). */
  cached?: true;
}

/**
 * A node waits for a sandbox session: the run already holds `maxLiveSessions` of them (or
 * the ones left are kept for deeper levels). Emitted only when the node has to wait.
 */
export interface SandboxWaitStartEvent extends EventBase {
  type: "sandbox-wait-start";
  liveSessions: number;
  maxLiveSessions: number;
}

/** The node got its sandbox slot, or stopped waiting because it was aborted (`error`). */
export interface SandboxWaitEndEvent extends EventBase {
  type: "sandbox-wait-end";
  durationMs: number;
  error?: { name: string; message: string };
}

/** Sandbox code called a host tool (`createRLM({ tools })`) by name. */
export interface ToolCallStartEvent extends EventBase {
  type: "tool-call-start";
  callId: string;
  cellId: string;
  name: string;
  /** The arguments as JSON, at most 16,384 characters. */
  args: string;
}

export interface ToolCallEndEvent extends EventBase {
  type: "tool-call-end";
  callId: string;
  cellId: string;
  name: string;
  durationMs: number;
  /** What the tool returned, as JSON, at most 16,384 characters; absent when it failed. */
  result?: string;
  /** Why the call failed (an unknown tool name included). */
  error?: { name: string; message: string };
}

/**
 * A node's conversation passed the compaction threshold of its model's context window:
 * older turns are being replaced by a summary (written by a `compaction`-tier model call).
 */
export interface CompactionStartEvent extends EventBase {
  type: "compaction-start";
  compactionId: string;
  /** Messages in the conversation before compaction. */
  messageCount: number;
  /** The conversation's estimated prompt tokens before compaction. */
  estimatedTokens: number;
  contextWindowTokens: number;
  threshold: number;
}

export interface CompactionEndEvent extends EventBase {
  type: "compaction-end";
  compactionId: string;
  /** Messages replaced by the summary (0 when compaction failed). */
  compactedMessages: number;
  /** The conversation's estimated prompt tokens after compaction. */
  estimatedTokens: number;
  /** The summary the model now sees. */
  summary?: string;
  durationMs: number;
  error?: { name: string; message: string };
}

export interface NodeEndEvent extends EventBase {
  type: "node-end";
  status: "ok" | "error";
  answer?: string;
  iterations: number;
  /** Cost of this node's own model calls and its llm_query calls. */
  ownCostUsd?: number;
  /** Own cost plus every descendant's. */
  subtreeCostUsd?: number;
  error?: { name: string; message: string };
}

export interface RunEndEvent extends EventBase {
  type: "run-end";
  /** The run's result, without its trajectory (which is the event stream itself). */
  result?: RunSummary<unknown>;
  error?: { name: string; message: string; limit?: BudgetLimit; partialAnswer?: string };
}

export type RLMEvent =
  | RunStartEvent
  | NodeStartEvent
  | IterationStartEvent
  | ModelCallStartEvent
  | ModelCallEndEvent
  | CellStartEvent
  | CellEndEvent
  | SubcallStartEvent
  | SubcallEndEvent
  | ToolCallStartEvent
  | ToolCallEndEvent
  | SandboxWaitStartEvent
  | SandboxWaitEndEvent
  | CompactionStartEvent
  | CompactionEndEvent
  | NodeEndEvent
  | RunEndEvent;

export type RLMEventType = RLMEvent["type"];

/** Receives every event of a run, in order. Telemetry and trajectory logs are sinks. */
export interface EventSink {
  onEvent(event: RLMEvent): void;
  /** Awaited when the run ends, so exporters can finish writing. */
  flush?(): Promise<void>;
}
