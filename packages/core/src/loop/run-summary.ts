import type { UsageReport } from "../usage/usage-report.js";

/**
 * What a run reports when it ends: the result of `complete` without its events, as the
 * `run-end` event carries it.
 */
export interface RunSummary<Answer = string> {
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
}
