import { hasErrorMark, markError, RLMError } from "./rlm-error.js";

export type BudgetLimit = "maxCostUsd" | "maxTokens" | "maxSubCalls" | "timeoutMs";

/**
 * A run limit was reached. The run stops at once; `partialAnswer` holds the best answer
 * known at that moment (the root model's latest reply), if any.
 */
export class BudgetExceededError extends RLMError {
  readonly limit: BudgetLimit;
  readonly limitValue: number;
  readonly used: number;
  partialAnswer: string | undefined;

  constructor(options: {
    limit: BudgetLimit;
    limitValue: number;
    used: number;
    message?: string;
    partialAnswer?: string;
  }) {
    super({
      name: "BudgetExceededError",
      message:
        options.message ??
        `Run limit ${options.limit} (${options.limitValue}) reached: ${options.used} used.`,
    });
    markError(this, "BudgetExceededError");
    this.limit = options.limit;
    this.limitValue = options.limitValue;
    this.used = options.used;
    this.partialAnswer = options.partialAnswer;
  }

  static override isInstance(value: unknown): value is BudgetExceededError {
    return hasErrorMark(value, "BudgetExceededError");
  }
}
