/**
 * `@rlm/openai/prices`: the price and context-window tables without the OpenAI SDK, for code
 * that prices OpenAI models it reaches another way (such as `@rlm/ai-sdk`).
 */
export {
  findOpenAIContextWindow,
  findOpenAIPricing,
  OPENAI_CONTEXT_WINDOWS,
  OPENAI_PRICES,
  PRICES_AS_OF,
} from "./openai-prices.js";
