import Anthropic from "@anthropic-ai/sdk";
import { AnthropicLanguageModel } from "./anthropic-language-model.js";
import {
  anthropicSupportsImages,
  anthropicSupportsStructuredOutput,
} from "./anthropic-model-capabilities.js";
import type { AnthropicModelOptions } from "./anthropic-options.js";
import { findAnthropicContextWindow, findAnthropicPricing } from "./anthropic-prices.js";

/**
 * An Anthropic Claude model through the Messages API. The system prompt is sent with a
 * prompt-cache breakpoint by default; `baseURL` points it at a proxy or gateway.
 *
 * ```ts
 * const model = anthropic("claude-sonnet-4-6", {
 *   providerOptions: { thinking: { type: "enabled", budget_tokens: 4000 } },
 * });
 * ```
 */
export function anthropic(
  modelId: string,
  options: AnthropicModelOptions = {},
): AnthropicLanguageModel {
  return new AnthropicLanguageModel({
    modelId,
    createClient: () => createClient(options),
    pricing: options.pricing ?? findAnthropicPricing(modelId),
    contextWindowTokens: options.contextWindowTokens ?? findAnthropicContextWindow(modelId),
    timeoutMs: options.timeoutMs,
    stream: options.stream,
    streamAboveMaxOutputTokens: options.streamAboveMaxOutputTokens,
    defaultMaxOutputTokens: options.defaultMaxOutputTokens,
    providerOptions: options.providerOptions,
    supportsStructuredOutput:
      options.structuredOutput ?? anthropicSupportsStructuredOutput(modelId),
    supportsImages: options.images ?? anthropicSupportsImages(modelId),
  });
}

function createClient(options: AnthropicModelOptions): Anthropic {
  return new Anthropic({
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
    // Core retries every provider with one policy; SDK retries would hide attempts from it.
    maxRetries: 0,
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { defaultHeaders: options.headers } : {}),
    openTelemetry: options.openTelemetry ?? false,
  });
}
