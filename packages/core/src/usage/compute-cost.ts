import type { Usage } from "./usage.js";

/** Prices in US dollars per million tokens. */
export interface ModelPricing {
  inputPerMillionUsd: number;
  outputPerMillionUsd: number;
  /** Price of cached prompt tokens; defaults to the input price. */
  cacheReadPerMillionUsd?: number;
  /** Price of prompt tokens written to the cache; defaults to the input price. */
  cacheWritePerMillionUsd?: number;
  /**
   * Prices of a request whose prompt (`inputTokens`, cache reads and writes included) exceeds
   * `aboveInputTokens`; they then apply to all of its tokens, output included, as Anthropic
   * and Gemini bill long contexts.
   */
  longContext?: { aboveInputTokens: number; pricing: ModelPricing };
}

/**
 * Cost of one call. Cache reads and writes are part of `inputTokens` and are billed at
 * their own rates; reasoning tokens are part of `outputTokens`. A prompt past
 * `longContext.aboveInputTokens` bills every token at the long-context prices. Returns
 * `undefined` when the call reported no token counts at all.
 */
export function computeCostUsd(prices: ModelPricing, usage: Usage): number | undefined {
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return undefined;
  const pricing = pricingFor(prices, usage.inputTokens ?? 0);
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  const uncachedInput = Math.max(0, (usage.inputTokens ?? 0) - cacheRead - cacheWrite);
  const dollars =
    uncachedInput * pricing.inputPerMillionUsd +
    cacheRead * (pricing.cacheReadPerMillionUsd ?? pricing.inputPerMillionUsd) +
    cacheWrite * (pricing.cacheWritePerMillionUsd ?? pricing.inputPerMillionUsd) +
    (usage.outputTokens ?? 0) * pricing.outputPerMillionUsd;
  return dollars / 1_000_000;
}

/** The prices that apply to a request with this many prompt tokens. */
export function pricingFor(pricing: ModelPricing, inputTokens: number): ModelPricing {
  const { longContext } = pricing;
  return longContext && inputTokens > longContext.aboveInputTokens
    ? pricingFor(longContext.pricing, inputTokens)
    : pricing;
}
