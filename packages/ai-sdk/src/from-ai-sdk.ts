import type { LanguageModelV4 } from "@ai-sdk/provider";
import { ConfigurationError, type LanguageModel } from "@rlm/core";
import { AISDKLanguageModel } from "./ai-sdk-language-model.js";
import type { FromAISDKOptions } from "./from-ai-sdk-options.js";

/**
 * Any model of the AI SDK's language-model specification (`@ai-sdk/openai`,
 * `@ai-sdk/anthropic`, `@ai-sdk/google`, community providers, ...) as an `@rlm/core` model.
 *
 * @example
 * ```ts
 * import { openai } from "@ai-sdk/openai";
 * import { fromAISDK } from "@rlm/ai-sdk";
 *
 * const model = fromAISDK(openai("gpt-5-mini"), {
 *   providerOptions: { openai: { reasoningEffort: "low" } },
 * });
 * ```
 */
export function fromAISDK(model: LanguageModelV4, options: FromAISDKOptions = {}): LanguageModel {
  const version = (model as { specificationVersion?: unknown } | undefined)?.specificationVersion;
  if (version !== "v4") {
    throw new ConfigurationError({
      message: `fromAISDK takes a model of the AI SDK's language-model specification v4 (@ai-sdk/provider 4.x, as @ai-sdk/openai 4.x and @ai-sdk/anthropic 4.x make), but this one is ${typeof version === "string" ? version : "not a spec model"}. Upgrade the provider package, or pass a model object rather than its id.`,
    });
  }
  return new AISDKLanguageModel(model, options);
}
