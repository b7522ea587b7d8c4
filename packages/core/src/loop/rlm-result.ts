import type { RLMEvent } from "../events/events.js";
import type { Usage } from "../usage/usage.js";

/** Usage of a group of model calls. */
export interface UsageTotals extends Usage {
  /** Attempts that returned a response. */
  calls: number;
  /** Attempts that failed. */
  failedCalls: number;
  /**
   * Failed attempts that may have been billed (a client timeout, a stream cut after the
   * provider answered): their worst-case estimate is included in the tokens and cost.
   */
  estimatedCalls: number;
  /** Sum of the calls' costs; `undefined` if any successful call's price was unknown. */
  costUsd?: number;
}

export interface UsageReport {
  total: UsageTotals;
  /** Keyed by `provider:modelId`. */
  byModel: Record<string, UsageTotals>;
  /** Keyed by depth (`"0"`, `"1"`, ...). */
  byDepth: Record<string, UsageTotals>;
  /** Keyed by tier (`root`, `depth-1`, `sub`, or a `models` key). */
  byTier: Record<string, UsageTotals>;
}

export interface RLMResult<Answer = string> {
  runId: string;
  /** A string, or the schema's output type when `complete` was given a schema. */
  answer: Answer;
  usage: UsageReport;
  /** Total cost of the run; `undefined` when some model's price is unknown. */
  costUsd?: number;
  /** Iterations of the root node. */
  iterations: number;
  /** The deepest RLM node that ran (0 = root only). */
  depthReached: number;
  /** `llm_query` + `rlm_query` calls made from sandbox code at every depth. */
  subCalls: number;
  durationMs: number;
  /** Every event of the run, in order. */
  trajectory: RLMEvent[];
}
