import type { GoogleGenAI } from "@google/genai";
import type { GenerateRequest, GenerateResult, LanguageModel } from "@rlm/core";
import {
  LazyClient,
  providerOptionsFor,
  sendRequest,
  shouldStream,
  withCostUsd,
} from "@rlm/provider-utils";
import { computeGoogleCostUsd } from "./compute-google-cost.js";
import { callGenerate, type GoogleCallOutcome, type GoogleCallSettings } from "./google-call.js";
import type { GoogleRequestOptions } from "./google-options.js";
import type { GooglePricing } from "./google-prices.js";
import { mapGoogleError } from "./map-google-error.js";

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
  streamAboveMaxOutputTokens?: number | undefined;
  providerOptions?: GoogleRequestOptions | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  /** Whether `responseFormat` is sent as `responseJsonSchema` (see `LanguageModel`). */
  supportsStructuredOutput: boolean;
  /** Whether image parts are sent (see `LanguageModel`). */
  supportsImages: boolean;
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
  readonly supportsStructuredOutput: boolean;
  readonly supportsImages: boolean;
  readonly #config: GoogleLanguageModelConfig;
  readonly #client: LazyClient<GoogleGenAI>;

  constructor(config: GoogleLanguageModelConfig) {
    this.provider = config.provider;
    this.modelId = config.modelId;
    this.pricing = config.pricing;
    this.contextWindowTokens = config.contextWindowTokens;
    this.supportsStructuredOutput = config.supportsStructuredOutput;
    this.supportsImages = config.supportsImages;
    this.#config = config;
    this.#client = new LazyClient({ provider: config.provider, create: config.createClient });
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const baseFetch = this.#config.fetch ?? globalThis.fetch;
    const outcome = await sendRequest({
      provider: this.provider,
      abortSignal: request.abortSignal,
      timeoutMs: this.#config.timeoutMs,
      send: ({ signal, onResponse }) =>
        callGenerate({
          client: this.#client.get(),
          request,
          settings: this.#settings(request),
          signal,
          provider: this.provider,
          // The SDK's errors carry only the status; the headers (retry-after) are read here.
          fetch: async (input, init) => {
            const response = await baseFetch(input, init);
            onResponse(response);
            return response;
          },
        }),
      mapError: mapGoogleError,
      secret: () => this.#config.apiKey?.(),
    });
    return this.#withCost(outcome);
  }

  #settings(request: GenerateRequest): GoogleCallSettings {
    const config = this.#config;
    return {
      modelId: this.modelId,
      stream: shouldStream({
        stream: config.stream,
        streamAboveMaxOutputTokens: config.streamAboveMaxOutputTokens,
        maxOutputTokens: request.maxOutputTokens,
      }),
      responseJsonSchema: this.supportsStructuredOutput
        ? request.responseFormat?.schema
        : undefined,
      providerOptions: {
        ...config.providerOptions,
        ...providerOptionsFor<GoogleRequestOptions>(request.providerOptions, "google"),
      },
    };
  }

  #withCost(result: GoogleCallOutcome): GenerateResult {
    return withCostUsd({
      result,
      pricing: this.pricing,
      computeCostUsd: (pricing) => computeGoogleCostUsd({ pricing, usage: result.usage }),
      packageName: "@rlm/google",
      provider: this.provider,
      modelId: this.modelId,
    });
  }
}
