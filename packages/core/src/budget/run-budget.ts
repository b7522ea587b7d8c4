import { BudgetExceededError } from "../errors/budget-exceeded-error.js";
import type { RLMLimits } from "../loop/rlm-options.js";

export interface Reservation {
  costUsd: number;
  tokens: number;
}

/**
 * The one pool of cost, tokens and sub-calls that every node of a run draws on. A model
 * request reserves its estimated worst case before it is sent and settles its real usage
 * after, so a cap is exceeded by at most the estimation error of the requests already in
 * flight when it was reached.
 */
export class RunBudget {
  private spentCostUsd = 0;
  private reservedCostUsd = 0;
  private spentTokens = 0;
  private reservedTokens = 0;
  private subCallCount = 0;

  constructor(private readonly limits: RLMLimits) {}

  get costUsd(): number {
    return this.spentCostUsd;
  }

  get tokens(): number {
    return this.spentTokens;
  }

  get subCalls(): number {
    return this.subCallCount;
  }

  /** Reserves the request, or returns the limit it would pass (and reserves nothing). */
  reserve(request: Reservation): BudgetExceededError | undefined {
    const { maxCostUsd, maxTokens } = this.limits;
    if (maxCostUsd !== undefined) {
      const committed = this.spentCostUsd + this.reservedCostUsd;
      if (committed + request.costUsd > maxCostUsd) {
        return new BudgetExceededError({
          limit: "maxCostUsd",
          limitValue: maxCostUsd,
          used: this.spentCostUsd,
          message: `Cost limit of $${maxCostUsd} reached: $${this.spentCostUsd.toFixed(4)} spent, $${this.reservedCostUsd.toFixed(4)} in flight, and the next request may cost up to $${request.costUsd.toFixed(4)}.`,
        });
      }
    }
    if (maxTokens !== undefined) {
      const committed = this.spentTokens + this.reservedTokens;
      if (committed + request.tokens > maxTokens) {
        return new BudgetExceededError({
          limit: "maxTokens",
          limitValue: maxTokens,
          used: this.spentTokens,
          message: `Token limit of ${maxTokens} reached: ${this.spentTokens} used, ${this.reservedTokens} in flight, and the next request may use up to ${request.tokens}.`,
        });
      }
    }
    this.reservedCostUsd += request.costUsd;
    this.reservedTokens += request.tokens;
    return undefined;
  }

  /** Releases a reservation and books what the request really used. */
  settle(reservation: Reservation, actual: { costUsd?: number; tokens: number }): void {
    this.reservedCostUsd -= reservation.costUsd;
    this.reservedTokens -= reservation.tokens;
    this.spentCostUsd += actual.costUsd ?? 0;
    this.spentTokens += actual.tokens;
  }

  /** Counts one `llm_query` / `rlm_query`, or returns the limit when `maxSubCalls` is used up. */
  countSubCall(): BudgetExceededError | undefined {
    const { maxSubCalls } = this.limits;
    if (maxSubCalls !== undefined && this.subCallCount >= maxSubCalls) {
      return new BudgetExceededError({
        limit: "maxSubCalls",
        limitValue: maxSubCalls,
        used: this.subCallCount,
        message: `Sub-call limit of ${maxSubCalls} reached.`,
      });
    }
    this.subCallCount++;
    return undefined;
  }
}
