/**
 * `@rlm/google/prices`: the price and context-window tables and Gemini's cost rule without
 * the Google GenAI SDK, for code that prices Gemini models it reaches another way (such as
 * `@rlm/ai-sdk`).
 */
export { computeGoogleCostUsd } from "./compute-google-cost.js";
export type { GooglePricing } from "./google-prices.js";
export {
  findGoogleContextWindow,
  findGooglePricing,
  GOOGLE_CONTEXT_WINDOWS,
  GOOGLE_PRICES,
  PRICES_AS_OF,
} from "./google-prices.js";
