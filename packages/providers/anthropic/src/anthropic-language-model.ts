import type Anthropic from "@anthropic-ai/sdk";
import type { GenerateRequest, GenerateResult, LanguageModel } from "@rlm/core";
import {
  LazyClient,
  providerOptionsFor,
  sendRequest,
  shouldStream,
  withCostUsd,
} from "@rlm/provider-utils";
import {
  type AnthropicCallOutcome,
  type AnthropicCallSettings,
  callMessages,
} from "./anthropic-call.js";
import { toAnthropicJsonFormat } from "./anthropic-json-format.js";
import type { AnthropicRequestOptions } from "./anthropic-options.js";
import type { AnthropicPricing } from "./anthropic-prices.js";
import { computeAnthropicCostUsd } from "./compute-anthropic-cost.js";
import { mapAnthropicError } from "./map-anthropic-error.js";

const DEFAULT_MAX_OUTPUT_TOKENS = 8_192;

/** Everything a model needs, resolved by `anthropic()`. */
export interface AnthropicLanguageModelConfig {
  modelId: string;
  /** Built on first use, so a missing key fails the call rather than the import. */
  createClient: () => Anthropic;
  pricing: AnthropicPricing | undefined;
  contextWindowTokens: number | undefined;
  timeoutMs?: number | undefined;
  stream?: boolean | undefined;
  streamAboveMaxOutputTokens?: number | undefined;
  defaultMaxOutputTokens?: number | undefined;
  providerOptions?: AnthropicRequestOptions | undefined;
  /** Whether `responseFormat` is sent as `output_config.format` (see `LanguageModel`). */
  supportsStructuredOutput: boolean;
  /** Whether image parts are sent (see `LanguageModel`). */
  supportsImages: boolean;
}

/**
 * A core `LanguageModel` over the official `@anthropic-ai/sdk`. One `generate` call is
 * exactly one HTTP attempt (the SDK's retries are off); every failure becomes a
 * `ProviderError`, or the abort reason when the caller aborted.
 */
export class AnthropicLanguageModel implements LanguageModel {
  readonly provider = "anthropic";
  readonly modelId: string;
  /**
   * The prices core reserves budget with. With `cacheTtl: "1h"` its cache-write price is the
   * 1-hour one, so a worst-case reservation is not below what the call can cost.
   */
  readonly pricing: AnthropicPricing | undefined;
  readonly contextWindowTokens: number | undefined;
  readonly supportsStructuredOutput: boolean;
  readonly supportsImages: boolean;
  readonly #config: AnthropicLanguageModelConfig;
  readonly #client: LazyClient<Anthropic>;

  constructor(config: AnthropicLanguageModelConfig) {
    this.modelId = config.modelId;
    this.pricing =
      config.pricing && config.providerOptions?.cacheTtl === "1h"
        ? withOneHourCacheWrites(config.pricing)
        : config.pricing;
    this.contextWindowTokens = config.contextWindowTokens;
    this.supportsStructuredOutput = config.supportsStructuredOutput;
    this.supportsImages = config.supportsImages;
    this.#config = config;
    this.#client = new LazyClient({ provider: this.provider, create: config.createClient });
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const settings = this.#settings(request);
    const outcome = await sendRequest({
      provider: this.provider,
      abortSignal: request.abortSignal,
      timeoutMs: this.#config.timeoutMs,
      send: ({ signal, timeoutMs, onResponse }) =>
        callMessages({
          client: this.#client.get(),
          request,
          settings,
          signal,
          timeoutMs,
          provider: this.provider,
          onResponse,
        }),
      mapError: mapAnthropicError,
      secret: () => this.#client.current?.apiKey,
    });
    const { jsonFormat } = settings;
    if (!jsonFormat) return this.#withCost(outcome);
    const text = jsonFormat.unwrapText(outcome.result.text);
    return this.#withCost({ ...outcome, result: { ...outcome.result, text } });
  }

  #settings(request: GenerateRequest): AnthropicCallSettings {
    const config = this.#config;
    const defaultMaxOutputTokens = config.defaultMaxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
    return {
      modelId: this.modelId,
      // Anthropic always sends an output limit, so the default limit counts too.
      stream: shouldStream({
        stream: config.stream,
        streamAboveMaxOutputTokens: config.streamAboveMaxOutputTokens,
        maxOutputTokens: request.maxOutputTokens ?? defaultMaxOutputTokens,
      }),
      defaultMaxOutputTokens,
      jsonFormat:
        request.responseFormat && this.supportsStructuredOutput
          ? toAnthropicJsonFormat(request.responseFormat)
          : undefined,
      providerOptions: {
        ...config.providerOptions,
        ...providerOptionsFor<AnthropicRequestOptions>(request.providerOptions, "anthropic"),
      },
    };
  }

  #withCost(outcome: AnthropicCallOutcome): GenerateResult {
    return withCostUsd({
      result: outcome.result,
      pricing: this.#config.pricing,
      computeCostUsd: (pricing) =>
        computeAnthropicCostUsd({
          pricing,
          usage: outcome.result.usage,
          cacheWrite1hInputTokens: outcome.cacheWrite1hInputTokens,
        }),
      packageName: "@rlm/anthropic",
      provider: this.provider,
      modelId: this.modelId,
    });
  }
}

/** Prices whose cache writes are billed as 1-hour writes (twice the input price by default). */
function withOneHourCacheWrites(pricing: AnthropicPricing): AnthropicPricing {
  return {
    ...pricing,
    cacheWritePerMillionUsd: Math.max(
      pricing.cacheWritePerMillionUsd ?? pricing.inputPerMillionUsd,
      pricing.cacheWrite1hPerMillionUsd ?? pricing.inputPerMillionUsd * 2,
    ),
    ...(pricing.longContext
      ? {
          longContext: {
            ...pricing.longContext,
            pricing: withOneHourCacheWrites(pricing.longContext.pricing),
          },
        }
      : {}),
  };
}
