import { computeCostUsd, type Usage } from "@rlm/core";
import type { GooglePricing } from "./google-prices.js";

/**
 * The cost of one call as Gemini bills it: core's computation, at the long-context rates
 * when the prompt is over the threshold (core's `ModelPricing` has one tier).
 */
export function computeGoogleCostUsd(options: {
  pricing: GooglePricing;
  usage: Usage;
}): number | undefined {
  const { usage } = options;
  const longContext = options.pricing.longContext;
  const pricing =
    longContext && (usage.inputTokens ?? 0) > longContext.aboveInputTokens
      ? longContext.pricing
      : options.pricing;
  return computeCostUsd(pricing, usage);
}
