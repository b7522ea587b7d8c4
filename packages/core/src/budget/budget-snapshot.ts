import type { RLMLimits } from "../loop/rlm-options.js";
import type { BudgetLine, BudgetSnapshot } from "../sandbox/sandbox.js";
import type { RunBudget } from "./run-budget.js";

/** What one node's `budget()` is computed from: the run's pool and limits, and the node. */
export interface BudgetSnapshotSource {
  /** The run's one pool: cost and tokens spent, sub-calls made, at every depth. */
  budget: Pick<RunBudget, "costUsd" | "tokens" | "subCalls">;
  limits: Pick<RLMLimits, "maxCostUsd" | "maxTokens" | "maxSubCalls" | "timeoutMs">;
  maxDepth: number;
  maxIterations: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  /** The node's depth (0 at the root). */
  depth: number;
  /** The node's current iteration, from 1. */
  iteration: number;
}

/**
 * What `budget()` reports to a node's code: each of the run's limits with what is used of
 * it and what is left. Spending is what finished requests booked; a request still in flight
 * is not in it yet (its reservation is not spending).
 */
export function budgetSnapshot(source: BudgetSnapshotSource): BudgetSnapshot {
  const { budget, limits } = source;
  return {
    costUsd: budgetLine(budget.costUsd, limits.maxCostUsd),
    tokens: budgetLine(budget.tokens, limits.maxTokens),
    subCalls: budgetLine(budget.subCalls, limits.maxSubCalls),
    timeMs: budgetLine(source.elapsedMs, limits.timeoutMs),
    depth: budgetLine(source.depth, source.maxDepth),
    iterations: budgetLine(source.iteration, source.maxIterations),
  };
}

/**
 * One limit: what is used of it and what is left, never below 0 (a run can pass a cost or
 * token cap by the estimation error of requests in flight); `null` when it is not set.
 */
function budgetLine(used: number, limit: number | undefined): BudgetLine {
  return limit === undefined
    ? { used, limit: null, remaining: null }
    : { used, limit, remaining: Math.max(0, limit - used) };
}
