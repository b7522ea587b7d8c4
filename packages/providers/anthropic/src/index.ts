export type { AnthropicLanguageModelConfig } from "./anthropic-language-model.js";
export { AnthropicLanguageModel } from "./anthropic-language-model.js";
export {
  anthropicSupportsImages,
  anthropicSupportsStructuredOutput,
} from "./anthropic-model-capabilities.js";
export type { AnthropicModelOptions, AnthropicRequestOptions } from "./anthropic-options.js";
export type { AnthropicPricing } from "./anthropic-prices.js";
export {
  ANTHROPIC_CONTEXT_WINDOWS,
  ANTHROPIC_PRICES,
  ANTHROPIC_PRICES as pricing,
  findAnthropicContextWindow,
  findAnthropicPricing,
  PRICES_AS_OF,
} from "./anthropic-prices.js";
export { anthropic } from "./anthropic-provider.js";
export { computeAnthropicCostUsd } from "./compute-anthropic-cost.js";
