import { describe, expect, it } from "vitest";
import { BudgetExceededError } from "../errors/budget-exceeded-error.js";
import { RunBudget } from "./run-budget.js";

describe("RunBudget", () => {
  it("refuses a reservation that would pass the cost cap, counting what is in flight", () => {
    const budget = new RunBudget({ maxCostUsd: 1 });
    const first = { costUsd: 0.6, tokens: 0 };
    expect(budget.reserve(first)).toBeUndefined();
    expect(budget.reserve({ costUsd: 0.5, tokens: 0 })).toBeInstanceOf(BudgetExceededError);
    budget.settle(first, { costUsd: 0.2, tokens: 10 });
    expect(budget.costUsd).toBeCloseTo(0.2);
    expect(budget.reserve({ costUsd: 0.5, tokens: 0 })).toBeUndefined();
  });

  it("enforces maxTokens and maxSubCalls", () => {
    const budget = new RunBudget({ maxTokens: 100, maxSubCalls: 2 });
    expect(budget.reserve({ costUsd: 0, tokens: 101 })?.message).toMatch(/Token limit/);
    expect(budget.countSubCall()).toBeUndefined();
    expect(budget.countSubCall()).toBeUndefined();
    expect(budget.countSubCall()?.limit).toBe("maxSubCalls");
    expect(budget.subCalls).toBe(2);
  });
});
