import {
  computeCostUsd,
  type GenerateRequest,
  type GenerateResult,
  type LanguageModel,
  type ModelPricing,
  ProviderError,
  redactSecret,
} from "@rlm/core";
import type OpenAI from "openai";
import { mapOpenAIError } from "./map-openai-error.js";
import type { OpenAICallOptions, OpenAICallOutcome } from "./openai-call.js";
import { callChat } from "./openai-chat-call.js";
import type { OpenAIApi, OpenAIRequestOptions } from "./openai-options.js";
import { callResponses } from "./openai-responses-call.js";
import { startRequestDeadline } from "./request-deadline.js";
import { warnOnce } from "./warn-once.js";

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_STREAM_ABOVE_MAX_OUTPUT_TOKENS = 16_000;

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
  readonly #config: OpenAILanguageModelConfig;
  #client: OpenAI | undefined;

  constructor(config: OpenAILanguageModelConfig) {
    this.provider = config.provider;
    this.modelId = config.modelId;
    this.pricing = config.pricing;
    this.contextWindowTokens = config.contextWindowTokens;
    this.api = config.api;
    this.#config = config;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    request.abortSignal?.throwIfAborted();
    const timeoutMs = this.#config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = startRequestDeadline({ abortSignal: request.abortSignal, timeoutMs });
    let response: Response | undefined;
    try {
      const callOptions: OpenAICallOptions = {
        client: this.#getClient(),
        request,
        settings: this.#settings(request),
        signal: deadline.signal,
        timeoutMs,
        provider: this.provider,
        onResponse: (received) => {
          response = received;
        },
      };
      const outcome =
        this.api === "chat" ? await callChat(callOptions) : await callResponses(callOptions);
      return this.#withCost(outcome);
    } catch (error) {
      // A server or proxy may echo the key in its error body.
      throw redactSecret(
        mapOpenAIError({
          error,
          provider: this.provider,
          abortSignal: request.abortSignal,
          timedOut: deadline.timedOut,
          timeoutMs,
          response,
        }),
        this.#client?.apiKey,
      );
    } finally {
      deadline.dispose();
    }
  }

  #settings(request: GenerateRequest): OpenAICallOptions["settings"] {
    const config = this.#config;
    const threshold = config.streamAboveMaxOutputTokens ?? DEFAULT_STREAM_ABOVE_MAX_OUTPUT_TOKENS;
    const stream =
      config.stream ??
      (request.maxOutputTokens !== undefined && request.maxOutputTokens > threshold);
    if (request.temperature !== undefined && !config.acceptsTemperature) {
      warnOnce(
        `temperature:${this.provider}:${this.modelId}`,
        `[@rlm/openai] ${this.modelId} is a reasoning model and does not accept temperature; it is not sent.`,
      );
    }
    return {
      modelId: this.modelId,
      stream,
      sendTemperature: config.acceptsTemperature,
      maxTokensField: config.maxTokensField,
      requireStreamUsage: config.requireStreamUsage,
      providerOptions: {
        ...config.providerOptions,
        ...readRequestOptions(request.providerOptions, this.provider),
      },
    };
  }

  #getClient(): OpenAI {
    if (this.#client) return this.#client;
    try {
      this.#client = this.#config.createClient();
      return this.#client;
    } catch (error) {
      throw new ProviderError({
        kind: "authentication",
        provider: this.provider,
        message: `Could not set up the ${this.provider} client: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
  }

  #withCost(outcome: OpenAICallOutcome): GenerateResult {
    if (!this.pricing) {
      warnOnce(
        `price:${this.provider}:${this.modelId}`,
        `[@rlm/openai] No price known for ${this.provider} model ${this.modelId}; costUsd will be undefined. Pass the \`pricing\` option to set one.`,
      );
      return outcome;
    }
    const costUsd = computeCostUsd(this.pricing, outcome.usage);
    return costUsd === undefined ? outcome : { ...outcome, costUsd };
  }
}

/**
 * `providerOptions.openai`, overlaid with `providerOptions[<provider name>]` so a compatible
 * server's model can be given its own settings in a mixed-provider setup.
 */
function readRequestOptions(
  providerOptions: Record<string, unknown> | undefined,
  provider: string,
): OpenAIRequestOptions {
  const shared = providerOptions?.openai;
  const own = provider === "openai" ? undefined : providerOptions?.[provider];
  return {
    ...(isObject(shared) ? (shared as OpenAIRequestOptions) : {}),
    ...(isObject(own) ? (own as OpenAIRequestOptions) : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
