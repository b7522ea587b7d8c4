import OpenAI from "openai";
import { OpenAILanguageModel } from "./openai-language-model.js";
import {
  isOpenAIReasoningModel,
  openAISupportsImages,
  openAISupportsStructuredOutput,
} from "./openai-model-capabilities.js";
import type { OpenAICompatibleOptions, OpenAIModelOptions } from "./openai-options.js";
import { findOpenAIContextWindow, findOpenAIPricing } from "./openai-prices.js";

/**
 * An OpenAI model, through the Responses API by default (`api: "chat"` for Chat
 * Completions). A `baseURL` points it at a gateway or proxy that speaks OpenAI's API; the
 * model keeps OpenAI's behaviour (price table, `max_completion_tokens`, no `temperature` for
 * reasoning models). For other servers (vLLM, Ollama, llama.cpp) use `openaiCompatible`.
 *
 * ```ts
 * const model = openai("gpt-5-mini", { providerOptions: { reasoningEffort: "low" } });
 * ```
 */
export function openai(modelId: string, options: OpenAIModelOptions = {}): OpenAILanguageModel {
  return new OpenAILanguageModel({
    provider: "openai",
    modelId,
    api: options.api ?? "responses",
    createClient: () => createClient({ ...options, compatible: false }),
    pricing: options.pricing ?? findOpenAIPricing(modelId),
    contextWindowTokens: options.contextWindowTokens ?? findOpenAIContextWindow(modelId),
    timeoutMs: options.timeoutMs,
    stream: options.stream,
    streamAboveMaxOutputTokens: options.streamAboveMaxOutputTokens,
    maxTokensField: options.maxTokensField ?? "max_completion_tokens",
    acceptsTemperature: !isOpenAIReasoningModel(modelId),
    requireStreamUsage: true,
    providerOptions: options.providerOptions,
    supportsStructuredOutput: options.structuredOutput ?? openAISupportsStructuredOutput(modelId),
    supportsImages: options.images ?? openAISupportsImages(modelId),
  });
}

/**
 * A model on an OpenAI-compatible server: vLLM, Ollama, llama.cpp, LM Studio, OpenRouter...
 * Its price is unknown unless given as `pricing` (OpenAI's table does not apply).
 *
 * ```ts
 * const model = openaiCompatible({ modelId: "qwen2.5:7b", baseURL: "http://localhost:11434/v1" });
 * ```
 */
export function openaiCompatible(options: OpenAICompatibleOptions): OpenAILanguageModel {
  const { modelId, name, ...rest } = options;
  return new OpenAILanguageModel({
    provider: name ?? "openai-compatible",
    modelId,
    api: options.api ?? "chat",
    createClient: () => createClient({ ...rest, compatible: true }),
    pricing: options.pricing,
    contextWindowTokens: options.contextWindowTokens,
    timeoutMs: options.timeoutMs,
    stream: options.stream,
    streamAboveMaxOutputTokens: options.streamAboveMaxOutputTokens,
    maxTokensField: options.maxTokensField ?? "max_tokens",
    acceptsTemperature: true,
    requireStreamUsage: false,
    providerOptions: options.providerOptions,
    supportsStructuredOutput: options.structuredOutput ?? false,
    supportsImages: options.images ?? false,
  });
}

function createClient(options: Omit<OpenAIModelOptions, "api"> & { compatible: boolean }): OpenAI {
  const { compatible } = options;
  // The SDK insists on a key, and would otherwise send OPENAI_API_KEY to a foreign server.
  const omitAuthorization = compatible && options.apiKey === undefined;
  return new OpenAI({
    apiKey: omitAuthorization ? "unused" : options.apiKey,
    baseURL: options.baseURL,
    // Left undefined, these fall back to OPENAI_ORG_ID / OPENAI_PROJECT_ID, which belong to
    // OpenAI only: a compatible server gets them only when given explicitly.
    organization: compatible ? (options.organization ?? null) : options.organization,
    project: compatible ? (options.project ?? null) : options.project,
    // Core retries every provider with one policy; SDK retries would hide attempts from it.
    maxRetries: 0,
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    defaultHeaders: {
      ...options.headers,
      ...(omitAuthorization ? { Authorization: null } : {}),
    },
  });
}
