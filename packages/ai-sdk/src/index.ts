export { AISDKLanguageModel } from "./ai-sdk-language-model.js";
export { fromAISDK } from "./from-ai-sdk.js";
export type { FromAISDKOptions } from "./from-ai-sdk-options.js";
