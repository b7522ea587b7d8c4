import type { Usage } from "./usage.js";

/** Prices in US dollars per million tokens. */
export interface ModelPricing {
  inputPerMillionUsd: number;
  outputPerMillionUsd: number;
  /** Price of cached prompt tokens; defaults to the input price. */
  cacheReadPerMillionUsd?: number;
  /** Price of prompt tokens written to the cache; defaults to the input price. */
  cacheWritePerMillionUsd?: number;
}

/**
 * Cost of one call. Cache reads and writes are part of `inputTokens` and are billed at
 * their own rates; reasoning tokens are part of `outputTokens`. Returns `undefined` when
 * the call reported no token counts at all.
 */
export function computeCostUsd(pricing: ModelPricing, usage: Usage): number | undefined {
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return undefined;
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
