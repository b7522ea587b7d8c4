/**
 * `@rlm/anthropic/prices`: the price and context-window tables and Anthropic's cost rule
 * without the Anthropic SDK, for code that prices Claude models it reaches another way (such
 * as `@rlm/ai-sdk`).
 */
export type { AnthropicPricing } from "./anthropic-prices.js";
export {
  ANTHROPIC_CONTEXT_WINDOWS,
  ANTHROPIC_PRICES,
  findAnthropicContextWindow,
  findAnthropicPricing,
  PRICES_AS_OF,
} from "./anthropic-prices.js";
export { computeAnthropicCostUsd } from "./compute-anthropic-cost.js";
