import {
  computeCostUsd,
  type GenerateRequest,
  type GenerateResult,
  type LanguageModel,
  type ModelPricing,
} from "@rlm/core";
import {
  LazyClient,
  providerOptionsFor,
  sendRequest,
  shouldStream,
  warnOnce,
  withCostUsd,
} from "@rlm/provider-utils";
import type OpenAI from "openai";
import { mapOpenAIError } from "./map-openai-error.js";
import type { OpenAICallOptions, OpenAICallOutcome } from "./openai-call.js";
import { callChat } from "./openai-chat-call.js";
import { toOpenAIJsonFormat } from "./openai-json-format.js";
import type { OpenAIApi, OpenAIRequestOptions } from "./openai-options.js";
import { callResponses } from "./openai-responses-call.js";

/** Everything a model needs, resolved by `openai()` / `openaiCompatible()`. */
export interface OpenAILanguageModelConfig {
  provider: string;
  modelId: string;
  api: OpenAIApi;
  /** Built on first use, so a missing key fails the call rather than the import. */
  createClient: () => OpenAI;
  pricing: ModelPricing | undefined;
  contextWindowTokens: number | undefined;
  timeoutMs?: number | undefined;
  stream?: boolean | undefined;
  streamAboveMaxOutputTokens?: number | undefined;
  maxTokensField: "max_completion_tokens" | "max_tokens";
  /** False for models that reject `temperature`. */
  acceptsTemperature: boolean;
  /**
   * True for OpenAI, which always honours `include_usage`: a chat stream without its usage
   * chunk was cut short. Compatible servers may not support it, so for them usage stays unknown.
   */
  requireStreamUsage: boolean;
  providerOptions?: OpenAIRequestOptions | undefined;
  /** Whether `responseFormat` is sent as a JSON schema format (see `LanguageModel`). */
  supportsStructuredOutput: boolean;
  /** Whether image parts are sent (see `LanguageModel`). */
  supportsImages: boolean;
}

/**
 * A core `LanguageModel` over the official `openai` SDK. One `generate` call is exactly one
 * HTTP attempt (the SDK's retries are off); every failure becomes a `ProviderError`, or the
 * abort reason when the caller aborted.
 */
export class OpenAILanguageModel implements LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  readonly pricing: ModelPricing | undefined;
  readonly contextWindowTokens: number | undefined;
  readonly api: OpenAIApi;
  readonly supportsStructuredOutput: boolean;
  readonly supportsImages: boolean;
  readonly #config: OpenAILanguageModelConfig;
  readonly #client: LazyClient<OpenAI>;

  constructor(config: OpenAILanguageModelConfig) {
    this.provider = config.provider;
    this.modelId = config.modelId;
    this.pricing = config.pricing;
    this.contextWindowTokens = config.contextWindowTokens;
    this.api = config.api;
    this.supportsStructuredOutput = config.supportsStructuredOutput;
    this.supportsImages = config.supportsImages;
    this.#config = config;
    this.#client = new LazyClient({ provider: config.provider, create: config.createClient });
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const settings = this.#settings(request);
    const outcome = await sendRequest({
      provider: this.provider,
      abortSignal: request.abortSignal,
      timeoutMs: this.#config.timeoutMs,
      send: ({ signal, timeoutMs, onResponse }) => {
        const callOptions: OpenAICallOptions = {
          client: this.#client.get(),
          request,
          settings,
          signal,
          timeoutMs,
          provider: this.provider,
          onResponse,
        };
        return this.api === "chat" ? callChat(callOptions) : callResponses(callOptions);
      },
      mapError: mapOpenAIError,
      secret: () => this.#client.current?.apiKey,
    });
    const { jsonFormat } = settings;
    return this.#withCost(
      jsonFormat ? { ...outcome, text: jsonFormat.unwrapText(outcome.text) } : outcome,
    );
  }

  #settings(request: GenerateRequest): OpenAICallOptions["settings"] {
    const config = this.#config;
    if (request.temperature !== undefined && !config.acceptsTemperature) {
      warnOnce(
        `temperature:${this.provider}:${this.modelId}`,
        `[@rlm/openai] ${this.modelId} is a reasoning model and does not accept temperature; it is not sent.`,
      );
    }
    return {
      modelId: this.modelId,
      stream: shouldStream({
        stream: config.stream,
        streamAboveMaxOutputTokens: config.streamAboveMaxOutputTokens,
        maxOutputTokens: request.maxOutputTokens,
      }),
      sendTemperature: config.acceptsTemperature,
      maxTokensField: config.maxTokensField,
      requireStreamUsage: config.requireStreamUsage,
      jsonFormat:
        request.responseFormat && this.supportsStructuredOutput
          ? toOpenAIJsonFormat(request.responseFormat)
          : undefined,
      providerOptions: {
        ...config.providerOptions,
        ...providerOptionsFor<OpenAIRequestOptions>(request.providerOptions, "openai"),
        // A compatible server's model can be given its own settings in a mixed-provider setup.
        ...(this.provider === "openai"
          ? {}
          : providerOptionsFor<OpenAIRequestOptions>(request.providerOptions, this.provider)),
      },
    };
  }

  #withCost(result: OpenAICallOutcome): GenerateResult {
    return withCostUsd({
      result,
      pricing: this.pricing,
      computeCostUsd: (pricing) => computeCostUsd(pricing, result.usage),
      packageName: "@rlm/openai",
      provider: this.provider,
      modelId: this.modelId,
    });
  }
}
