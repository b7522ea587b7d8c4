import type { BudgetLine, BudgetSnapshot } from "../sandbox/sandbox.js";
import type { NodeInfo, RunState } from "./run-state.js";

/** One limit: what is used of it, and what is left (`null` when it is not set). */
function line(used: number, limit: number | undefined): BudgetLine {
  return limit === undefined
    ? { used, limit: null, remaining: null }
    : { used, limit, remaining: Math.max(0, limit - used) };
}

/** What `budget()` reports to a node's code: the run's limits and what is left of them now. */
export function budgetSnapshot(run: RunState, node: NodeInfo, iteration: number): BudgetSnapshot {
  const { limits, maxDepth, maxIterations } = run.options;
  return {
    costUsd: line(run.budget.costUsd, limits.maxCostUsd),
    tokens: line(run.budget.tokens, limits.maxTokens),
    subCalls: line(run.budget.subCalls, limits.maxSubCalls),
    timeMs: line(Date.now() - run.startedAt, limits.timeoutMs),
    depth: line(node.depth, maxDepth),
    iterations: line(iteration, maxIterations),
  };
}
