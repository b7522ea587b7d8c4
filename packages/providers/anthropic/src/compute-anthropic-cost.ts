import { computeCostUsd, type Usage } from "@rlm/core";
import type { AnthropicPricing } from "./anthropic-prices.js";

/**
 * The cost of one call as Anthropic bills it: core's computation, at the long-context rates
 * when the prompt is over the threshold, plus the 1-hour cache's premium on its writes
 * (core's `ModelPricing` has one cache-write price, the 5-minute cache's).
 */
export function computeAnthropicCostUsd(options: {
  pricing: AnthropicPricing;
  usage: Usage;
  /** `usage.cache_creation.ephemeral_1h_input_tokens`, part of `cacheWriteInputTokens`. */
  cacheWrite1hInputTokens?: number | undefined;
}): number | undefined {
  const { usage } = options;
  const longContext = options.pricing.longContext;
  const pricing =
    longContext && (usage.inputTokens ?? 0) > longContext.aboveInputTokens
      ? longContext.pricing
      : options.pricing;
  const cost = computeCostUsd(pricing, usage);
  const oneHour = Math.min(options.cacheWrite1hInputTokens ?? 0, usage.cacheWriteInputTokens ?? 0);
  if (cost === undefined || oneHour <= 0) return cost;
  const fiveMinutePrice = pricing.cacheWritePerMillionUsd ?? pricing.inputPerMillionUsd;
  const oneHourPrice = pricing.cacheWrite1hPerMillionUsd ?? pricing.inputPerMillionUsd * 2;
  return cost + (oneHour * (oneHourPrice - fiveMinutePrice)) / 1_000_000;
}
