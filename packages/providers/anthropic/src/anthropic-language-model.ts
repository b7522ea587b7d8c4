import type Anthropic from "@anthropic-ai/sdk";
import {
  type GenerateRequest,
  type GenerateResult,
  type LanguageModel,
  ProviderError,
  redactSecret,
} from "@rlm/core";
import {
  type AnthropicCallOutcome,
  type AnthropicCallSettings,
  callMessages,
} from "./anthropic-call.js";
import type { AnthropicRequestOptions } from "./anthropic-options.js";
import type { AnthropicPricing } from "./anthropic-prices.js";
import { computeAnthropicCostUsd } from "./compute-anthropic-cost.js";
import { mapAnthropicError } from "./map-anthropic-error.js";
import { startRequestDeadline } from "./request-deadline.js";
import { warnOnce } from "./warn-once.js";

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_STREAM_ABOVE_MAX_OUTPUT_TOKENS = 16_000;
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
  readonly #config: AnthropicLanguageModelConfig;
  #client: Anthropic | undefined;

  constructor(config: AnthropicLanguageModelConfig) {
    this.modelId = config.modelId;
    this.pricing =
      config.pricing && config.providerOptions?.cacheTtl === "1h"
        ? withOneHourCacheWrites(config.pricing)
        : config.pricing;
    this.contextWindowTokens = config.contextWindowTokens;
    this.#config = config;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    request.abortSignal?.throwIfAborted();
    const timeoutMs = this.#config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = startRequestDeadline({ abortSignal: request.abortSignal, timeoutMs });
    let response: Response | undefined;
    try {
      const outcome = await callMessages({
        client: this.#getClient(),
        request,
        settings: this.#settings(request),
        signal: deadline.signal,
        timeoutMs,
        provider: this.provider,
        onResponse: (received) => {
          response = received;
        },
      });
      return this.#withCost(outcome);
    } catch (error) {
      // A server or proxy may echo the key in its error body.
      throw redactSecret(
        mapAnthropicError({
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

  #settings(request: GenerateRequest): AnthropicCallSettings {
    const config = this.#config;
    const threshold = config.streamAboveMaxOutputTokens ?? DEFAULT_STREAM_ABOVE_MAX_OUTPUT_TOKENS;
    const defaultMaxOutputTokens = config.defaultMaxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
    const maxOutputTokens = request.maxOutputTokens ?? defaultMaxOutputTokens;
    const own = request.providerOptions?.anthropic;
    return {
      modelId: this.modelId,
      stream: config.stream ?? maxOutputTokens > threshold,
      defaultMaxOutputTokens,
      providerOptions: {
        ...config.providerOptions,
        ...(isObject(own) ? (own as AnthropicRequestOptions) : {}),
      },
    };
  }

  #getClient(): Anthropic {
    if (this.#client) return this.#client;
    try {
      this.#client = this.#config.createClient();
      return this.#client;
    } catch (error) {
      throw new ProviderError({
        kind: "authentication",
        provider: this.provider,
        message: `Could not set up the Anthropic client: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
  }

  #withCost(outcome: AnthropicCallOutcome): GenerateResult {
    const pricing = this.#config.pricing;
    if (!pricing) {
      warnOnce(
        `price:anthropic:${this.modelId}`,
        `[@rlm/anthropic] No price known for Anthropic model ${this.modelId}; costUsd will be undefined. Pass the \`pricing\` option to set one.`,
      );
      return outcome.result;
    }
    const costUsd = computeAnthropicCostUsd({
      pricing,
      usage: outcome.result.usage,
      cacheWrite1hInputTokens: outcome.cacheWrite1hInputTokens,
    });
    return costUsd === undefined ? outcome.result : { ...outcome.result, costUsd };
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
