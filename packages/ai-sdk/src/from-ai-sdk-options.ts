import type { ModelPricing } from "@rlm/core";

/** Options of `fromAISDK`. */
export interface FromAISDKOptions {
  /**
   * Price per million tokens. Defaults to @rlm's table for OpenAI, Anthropic and Gemini
   * models (`@rlm/openai`, `@rlm/anthropic`, `@rlm/google`); needed for `maxCostUsd` with any
   * other provider.
   */
  pricing?: ModelPricing;
  /** Prompt tokens the model accepts; defaults to @rlm's table for the same providers. */
  contextWindowTokens?: number;
  /**
   * Defaults for the spec's `providerOptions`, keyed by provider name
   * (`{ openai: { reasoningEffort: "low" } }`); a request's own options override them key by key.
   */
  providerOptions?: Record<string, Record<string, unknown>>;
  /** Extra HTTP headers on every request. */
  headers?: Record<string, string>;
  /** Deadline of one request, streamed body included, in milliseconds. Default 10 minutes. */
  timeoutMs?: number;
  /**
   * `true` always reads the model's `doStream`, `false` always calls `doGenerate`. By default
   * a request streams when its `maxOutputTokens` exceeds `streamAboveMaxOutputTokens`: a long
   * generation on a request that does not stream sits on an idle connection that proxies close.
   */
  stream?: boolean;
  /** Default 16,000. */
  streamAboveMaxOutputTokens?: number;
  /**
   * The provider name on events, spans and usage reports. Defaults to the GenAI
   * semantic-convention name (`openai`, `anthropic`, `gcp.gemini`, `gcp.vertex_ai`), else the
   * first part of the spec's provider id (`mistral` for `mistral.chat`).
   */
  provider?: string;
  /** Whether the model honours a JSON response format natively. Default `true`. */
  supportsStructuredOutput?: boolean;
  /** Whether the model accepts image parts. Default `true`. */
  supportsImages?: boolean;
}
