export type { OpenAILanguageModelConfig } from "./openai-language-model.js";
export { OpenAILanguageModel } from "./openai-language-model.js";
export {
  isOpenAIReasoningModel,
  openAISupportsImages,
  openAISupportsStructuredOutput,
} from "./openai-model-capabilities.js";
export type {
  OpenAIApi,
  OpenAICompatibleOptions,
  OpenAIModelOptions,
  OpenAIRequestOptions,
} from "./openai-options.js";
export {
  findOpenAIContextWindow,
  findOpenAIPricing,
  OPENAI_CONTEXT_WINDOWS,
  OPENAI_PRICES,
  PRICES_AS_OF,
} from "./openai-prices.js";
export { openai, openaiCompatible } from "./openai-provider.js";
