import type { GoogleGenAI } from "@google/genai";
import {
  type GenerateRequest,
  type GenerateResult,
  type LanguageModel,
  ProviderError,
  redactSecret,
} from "@rlm/core";
import { computeGoogleCostUsd } from "./compute-google-cost.js";
import { callGenerate, type GoogleCallOutcome, type GoogleCallSettings } from "./google-call.js";
import type { GoogleRequestOptions } from "./google-options.js";
import type { GooglePricing } from "./google-prices.js";
import { mapGoogleError } from "./map-google-error.js";
import { startRequestDeadline } from "./request-deadline.js";
import { warnOnce } from "./warn-once.js";

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** Everything a model needs, resolved by `google()`. */
export interface GoogleLanguageModelConfig {
  /** `"gcp.gemini"` or `"gcp.vertex_ai"`. */
  provider: string;
  modelId: string;
  /** Built on first use, so a missing key fails the call rather than the import. */
  createClient: () => GoogleGenAI;
  /** The API key in use, if any: kept out of error messages. */
  apiKey?: () => string | undefined;
  pricing: GooglePricing | undefined;
  contextWindowTokens: number | undefined;
  timeoutMs?: number | undefined;
  stream?: boolean | undefined;
  providerOptions?: GoogleRequestOptions | undefined;
  fetch?: typeof globalThis.fetch | undefined;
}

/**
 * A core `LanguageModel` over the official `@google/genai` SDK. One `generate` call is
 * exactly one HTTP attempt (no SDK retries, no automatic stream continuation); every failure
 * becomes a `ProviderError`, or the abort reason when the caller aborted.
 */
export class GoogleLanguageModel implements LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  readonly pricing: GooglePricing | undefined;
  readonly contextWindowTokens: number | undefined;
  readonly #config: GoogleLanguageModelConfig;
  #client: GoogleGenAI | undefined;

  constructor(config: GoogleLanguageModelConfig) {
    this.provider = config.provider;
    this.modelId = config.modelId;
    this.pricing = config.pricing;
    this.contextWindowTokens = config.contextWindowTokens;
    this.#config = config;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    request.abortSignal?.throwIfAborted();
    const timeoutMs = this.#config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = startRequestDeadline({ abortSignal: request.abortSignal, timeoutMs });
    const baseFetch = this.#config.fetch ?? globalThis.fetch;
    let response: Response | undefined;
    try {
      const outcome = await callGenerate({
        client: this.#getClient(),
        request,
        settings: this.#settings(request),
        signal: deadline.signal,
        provider: this.provider,
        // The SDK's errors carry only the status; the headers (retry-after) are read here.
        fetch: async (input, init) => {
          response = await baseFetch(input, init);
          return response;
        },
      });
      return this.#withCost(outcome);
    } catch (error) {
      throw redactSecret(
        mapGoogleError({
          error,
          provider: this.provider,
          abortSignal: request.abortSignal,
          timedOut: deadline.timedOut,
          timeoutMs,
          response,
        }),
        this.#config.apiKey?.(),
      );
    } finally {
      deadline.dispose();
    }
  }

  #settings(request: GenerateRequest): GoogleCallSettings {
    const own = request.providerOptions?.google;
    return {
      modelId: this.modelId,
      stream: this.#config.stream ?? false,
      providerOptions: {
        ...this.#config.providerOptions,
        ...(isObject(own) ? (own as GoogleRequestOptions) : {}),
      },
    };
  }

  #getClient(): GoogleGenAI {
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

  #withCost(outcome: GoogleCallOutcome): GenerateResult {
    if (!this.pricing) {
      warnOnce(
        `price:${this.provider}:${this.modelId}`,
        `[@rlm/google] No price known for ${this.provider} model ${this.modelId}; costUsd will be undefined. Pass the \`pricing\` option to set one.`,
      );
      return outcome;
    }
    const costUsd = computeGoogleCostUsd({ pricing: this.pricing, usage: outcome.usage });
    return costUsd === undefined ? outcome : { ...outcome, costUsd };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
