export { computeGoogleCostUsd } from "./compute-google-cost.js";
export type { GoogleLanguageModelConfig } from "./google-language-model.js";
export { GoogleLanguageModel } from "./google-language-model.js";
export {
  googleSupportsImages,
  googleSupportsStructuredOutput,
} from "./google-model-capabilities.js";
export type { GoogleModelOptions, GoogleRequestOptions } from "./google-options.js";
export type { GooglePricing } from "./google-prices.js";
export {
  findGoogleContextWindow,
  findGooglePricing,
  GOOGLE_CONTEXT_WINDOWS,
  GOOGLE_PRICES,
  GOOGLE_PRICES as pricing,
  PRICES_AS_OF,
} from "./google-prices.js";
export { google } from "./google-provider.js";
