import type { ModelPricing } from "../usage/compute-cost.js";
import type { Usage } from "../usage/usage.js";
import type { FinishReason, Message } from "./message.js";

export interface GenerateRequest {
  messages: Message[];
  maxOutputTokens?: number;
  temperature?: number;
  abortSignal?: AbortSignal;
  /** Passed through untouched to the provider package (reasoning effort, caching, ...). */
  providerOptions?: Record<string, unknown>;
}

export interface GenerateResult {
  text: string;
  finishReason: FinishReason;
  usage: Usage;
  /** From the provider's price table; `undefined` when the model's price is unknown. */
  costUsd?: number;
  response: { id?: string; modelId?: string };
}

/**
 * A chat model. Implemented by each provider package (`@rlm/openai`, `@rlm/anthropic`,
 * `@rlm/google`) and by `scriptedModel` from `@rlm/core/testing`.
 *
 * A provider makes exactly one attempt per `generate` call: retries belong to core, so
 * every attempt is counted once. Failures are thrown as `ProviderError`s.
 */
export interface LanguageModel {
  /** `"openai"`, `"anthropic"`, `"gcp.gemini"`, ... (the GenAI semantic-convention names). */
  readonly provider: string;
  readonly modelId: string;
  /** Known price per million tokens; needed to enforce `maxCostUsd`. */
  readonly pricing?: ModelPricing;
  /** Prompt tokens the model accepts (its context window); lets core compact a long history. */
  readonly contextWindowTokens?: number;
  generate(request: GenerateRequest): Promise<GenerateResult>;
}
