import type { ModelPricing } from "../usage/compute-cost.js";
import type { Usage } from "../usage/usage.js";
import type { FinishReason, Message } from "./message.js";

/** A JSON Schema (draft 2020-12 subset), as plain JSON. */
export type JsonSchema = { [key: string]: unknown };

export interface GenerateRequest {
  messages: Message[];
  maxOutputTokens?: number;
  temperature?: number;
  abortSignal?: AbortSignal;
  /** Passed through untouched to the provider package (reasoning effort, caching, ...). */
  providerOptions?: Record<string, unknown>;
  /**
   * Ask for a JSON reply matching `schema`. A model with `supportsStructuredOutput` uses the
   * provider's native mode (OpenAI `response_format: json_schema` / Responses `text.format`,
   * Anthropic `output_config.format`, Gemini `responseMimeType` + `responseJsonSchema`);
   * `text` of the result is then the JSON text. Core validates either way.
   */
  responseFormat?: { type: "json"; schema: JsonSchema; name?: string };
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
  /** Honours `responseFormat` natively. Without it core asks in the prompt and validates. */
  readonly supportsStructuredOutput?: boolean;
  /** Accepts image parts. Core refuses image prompts to a model without it (clear error). */
  readonly supportsImages?: boolean;
  generate(request: GenerateRequest): Promise<GenerateResult>;
}
