import type { Usage } from "./usage.js";

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
  /**
   * Sub-calls answered from the memo (`memoize`) instead of a model: not in `calls`, and
   * adding no tokens or cost.
   */
  cacheHits: number;
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
