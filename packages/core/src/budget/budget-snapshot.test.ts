import { describe, expect, it } from "vitest";
import { budgetSnapshot } from "./budget-snapshot.js";
import { RunBudget } from "./run-budget.js";

describe("budgetSnapshot", () => {
  it("reports the pool's spending against each limit, and the node's depth and iteration", () => {
    const budget = new RunBudget({ maxCostUsd: 1, maxTokens: 1_000, maxSubCalls: 3 });
    const reservation = { costUsd: 0.5, tokens: 500 };
    budget.reserve(reservation);
    budget.countSubCall();
    const limits = { maxCostUsd: 1, maxTokens: 1_000, maxSubCalls: 3, timeoutMs: 60_000 };
    const base = { budget, limits, maxDepth: 2, maxIterations: 30, elapsedMs: 1_500 };

    // A reservation in flight is not spending yet.
    expect(budgetSnapshot({ ...base, depth: 1, iteration: 4 })).toEqual({
      costUsd: { used: 0, limit: 1, remaining: 1 },
      tokens: { used: 0, limit: 1_000, remaining: 1_000 },
      subCalls: { used: 1, limit: 3, remaining: 2 },
      timeMs: { used: 1_500, limit: 60_000, remaining: 58_500 },
      depth: { used: 1, limit: 2, remaining: 1 },
      iterations: { used: 4, limit: 30, remaining: 26 },
    });

    budget.settle(reservation, { costUsd: 0.25, tokens: 300 });
    const settled = budgetSnapshot({ ...base, depth: 0, iteration: 1 });
    expect(settled.costUsd).toEqual({ used: 0.25, limit: 1, remaining: 0.75 });
    expect(settled.tokens).toEqual({ used: 300, limit: 1_000, remaining: 700 });
  });

  it("never reports a negative remainder, and null for limits that are not set", () => {
    const budget = new RunBudget({ maxTokens: 100 });
    const reservation = { costUsd: 0, tokens: 90 };
    budget.reserve(reservation);
    // The provider reported more than was estimated: the cap is passed.
    budget.settle(reservation, { costUsd: 0.01, tokens: 140 });
    const snapshot = budgetSnapshot({
      budget,
      limits: { maxTokens: 100, timeoutMs: 1_000 },
      maxDepth: 1,
      maxIterations: 30,
      elapsedMs: 1_250,
      depth: 0,
      iteration: 1,
    });
    expect(snapshot.tokens).toEqual({ used: 140, limit: 100, remaining: 0 });
    expect(snapshot.timeMs).toEqual({ used: 1_250, limit: 1_000, remaining: 0 });
    expect(snapshot.costUsd).toEqual({ used: 0.01, limit: null, remaining: null });
    expect(snapshot.subCalls).toEqual({ used: 0, limit: null, remaining: null });
  });
});
