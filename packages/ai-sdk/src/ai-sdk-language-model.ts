import type {
  JSONObject,
  JSONSchema7,
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  SharedV4ProviderOptions,
} from "@ai-sdk/provider";
import {
  computeCostUsd,
  type GenerateRequest,
  type GenerateResult,
  type LanguageModel,
  type ModelPricing,
  ProviderError,
} from "@rlm/core";
import { sendRequest, shouldStream, warnOnce, withCostUsd } from "@rlm/provider-utils";
import { convertToAISDKPrompt } from "./convert-to-ai-sdk-prompt.js";
import type { FromAISDKOptions } from "./from-ai-sdk-options.js";
import { type KnownProvider, knownProvider } from "./known-provider.js";
import { mapAISDKError } from "./map-ai-sdk-error.js";
import { mapAISDKFinishReason } from "./map-ai-sdk-finish-reason.js";
import { mapAISDKUsage } from "./map-ai-sdk-usage.js";
import { readAISDKStream } from "./read-ai-sdk-stream.js";

const PACKAGE_NAME = "@rlm/ai-sdk";

/**
 * A model of the AI SDK's language-model specification (v4) as an `@rlm/core` model: one
 * `doGenerate` (or, for long outputs, one `doStream` read to its end) per `generate`, so
 * core's retries count every attempt.
 */
export class AISDKLanguageModel implements LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  readonly pricing: ModelPricing | undefined;
  readonly contextWindowTokens: number | undefined;
  readonly supportsStructuredOutput: boolean;
  readonly supportsImages: boolean;
  readonly #model: LanguageModelV4;
  readonly #known: KnownProvider | undefined;
  readonly #options: FromAISDKOptions;

  constructor(model: LanguageModelV4, options: FromAISDKOptions = {}) {
    this.#model = model;
    this.#options = options;
    this.#known = knownProvider(model.provider);
    this.provider = options.provider ?? this.#known?.name ?? model.provider.split(".")[0] ?? "";
    this.modelId = model.modelId;
    this.pricing = options.pricing ?? this.#known?.findPricing(model.modelId);
    this.contextWindowTokens =
      options.contextWindowTokens ?? this.#known?.findContextWindow(model.modelId);
    // The spec carries images and a JSON response format for every model; a provider that
    // cannot honour one says so in a warning, and core validates JSON replies either way.
    this.supportsStructuredOutput = options.supportsStructuredOutput ?? true;
    this.supportsImages = options.supportsImages ?? true;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const result = await sendRequest({
      provider: this.provider,
      abortSignal: request.abortSignal,
      timeoutMs: this.#options.timeoutMs,
      send: async ({ signal }) => {
        const callOptions = this.#callOptions(request, signal);
        const streaming = shouldStream({
          stream: this.#options.stream,
          streamAboveMaxOutputTokens: this.#options.streamAboveMaxOutputTokens,
          maxOutputTokens: request.maxOutputTokens,
        });
        if (!streaming) return this.#model.doGenerate(callOptions);
        const { stream } = await this.#model.doStream(callOptions);
        return readAISDKStream({ stream, provider: this.provider });
      },
      mapError: mapAISDKError,
    });
    this.#warn(result);
    if (result.finishReason.unified === "interrupted") {
      throw new ProviderError({
        kind: "invalid-response",
        provider: this.provider,
        message: `The ${this.provider} response ended before it was complete (${result.finishReason.raw ?? "interrupted"}).`,
      });
    }
    const usage = mapAISDKUsage(result.usage);
    const known = this.#known;
    return withCostUsd({
      result: {
        text: replyText(result, request.responseFormat !== undefined),
        finishReason: mapAISDKFinishReason(result.finishReason),
        usage,
        response: {
          ...(result.response?.id ? { id: result.response.id } : {}),
          ...(result.response?.modelId ? { modelId: result.response.modelId } : {}),
        },
      },
      pricing: this.pricing,
      computeCostUsd: (pricing) =>
        known
          ? known.computeCostUsd({ pricing, usage, raw: result.usage.raw })
          : computeCostUsd(pricing, usage),
      packageName: PACKAGE_NAME,
      provider: this.provider,
      modelId: this.modelId,
    });
  }

  #callOptions(request: GenerateRequest, abortSignal: AbortSignal): LanguageModelV4CallOptions {
    const providerOptions = mergeProviderOptions(
      this.#options.providerOptions,
      request.providerOptions,
    );
    const format = request.responseFormat;
    return {
      prompt: convertToAISDKPrompt(request.messages),
      abortSignal,
      ...(request.maxOutputTokens !== undefined
        ? { maxOutputTokens: request.maxOutputTokens }
        : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(format
        ? {
            responseFormat: {
              type: "json",
              schema: format.schema as JSONSchema7,
              ...(format.name !== undefined ? { name: format.name } : {}),
            },
          }
        : {}),
      ...(providerOptions ? { providerOptions } : {}),
      ...(this.#options.headers ? { headers: this.#options.headers } : {}),
    };
  }

  #warn(result: LanguageModelV4GenerateResult): void {
    for (const warning of result.warnings) {
      const text = JSON.stringify(warning);
      warnOnce(
        `ai-sdk:${this.provider}:${this.modelId}:${text}`,
        `[${PACKAGE_NAME}] ${this.provider} model ${this.modelId} warned: ${text}`,
      );
    }
  }
}

/** The reply's text: the structured-output text when JSON was asked for, else its text parts. */
function replyText(result: LanguageModelV4GenerateResult, json: boolean): string {
  if (json && result.structuredOutputText !== undefined) return result.structuredOutputText;
  let text = "";
  for (const part of result.content) if (part.type === "text") text += part.text;
  return text;
}

/**
 * The model's defaults under the request's options, provider by provider: the request's
 * `{ openai: { reasoningEffort } }` overrides that key of the model's `openai` options only.
 * Values that are not objects are dropped: the spec keys every provider's options by name.
 */
function mergeProviderOptions(
  defaults: Record<string, unknown> | undefined,
  request: Record<string, unknown> | undefined,
): SharedV4ProviderOptions | undefined {
  if (!defaults && !request) return undefined;
  const merged: SharedV4ProviderOptions = {};
  for (const source of [defaults, request]) {
    for (const [name, value] of Object.entries(source ?? {})) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) continue;
      merged[name] = { ...merged[name], ...(value as JSONObject) };
    }
  }
  return merged;
}
