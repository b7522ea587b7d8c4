import type { ClientOptions } from "@anthropic-ai/sdk";
import type { AnthropicPricing } from "./anthropic-prices.js";

/**
 * Per-request settings, read from `providerOptions.anthropic` of a request (and from the
 * model's own `providerOptions` as defaults). Unset fields are not sent.
 */
export interface AnthropicRequestOptions {
  /**
   * Extended thinking, sent as `thinking` untouched, e.g.
   * `{ type: "enabled", budget_tokens: 4000 }`. Thinking tokens are billed as output.
   */
  thinking?: Record<string, unknown>;
  /**
   * Marks the system prompt with `cache_control: { type: "ephemeral" }` so repeated calls
   * with the same system prompt read it from Anthropic's prompt cache. Default `true`.
   */
  cacheSystemPrompt?: boolean;
  /** `cache_control.ttl` of the system prompt: `"5m"` (Anthropic's default) or `"1h"`. */
  cacheTtl?: "5m" | "1h";
  topK?: number;
  topP?: number;
  stopSequences?: string[];
  /** Merged into the request body last, for fields this package does not name. */
  extraBody?: Record<string, unknown>;
}

export interface AnthropicModelOptions {
  /** Defaults to the `ANTHROPIC_API_KEY` environment variable. */
  apiKey?: string;
  /** A gateway or proxy that speaks Anthropic's API; defaults to `ANTHROPIC_BASE_URL`, then Anthropic. */
  baseURL?: string;
  /** Extra headers on every request (e.g. `anthropic-beta`). */
  headers?: Record<string, string>;
  /** Deadline of one request, response body included. Default 10 minutes. */
  timeoutMs?: number;
  /**
   * `true` always streams, `false` never does. By default requests stream when
   * `maxOutputTokens` exceeds `streamAboveMaxOutputTokens`: Anthropic asks for streaming on
   * long generations, and an idle connection may be closed by proxies before it ends.
   */
  stream?: boolean;
  /** Default 16,000. */
  streamAboveMaxOutputTokens?: number;
  /** `max_tokens` when a request gives no `maxOutputTokens` (Anthropic requires one). Default 8,192. */
  defaultMaxOutputTokens?: number;
  /**
   * Price per million tokens; replaces the built-in table's entry for this model. A plain
   * `ModelPricing` from core will do; `AnthropicPricing` adds 1-hour cache writes and
   * long-context rates.
   */
  pricing?: AnthropicPricing;
  /**
   * Prompt tokens the model accepts (its context window); replaces the built-in table's
   * entry. Core compacts a conversation's history as it comes close to it.
   */
  contextWindowTokens?: number;
  /** Defaults for `providerOptions.anthropic` of every request. */
  providerOptions?: AnthropicRequestOptions;
  /** Replaces `fetch` (proxies, custom agents). */
  fetch?: typeof globalThis.fetch;
  /**
   * The SDK's own OpenTelemetry spans, passed to it as is. Off by default: the SDK would
   * otherwise add a `chat` span with token counts to every registered tracer provider, next
   * to the one `@rlm/otel` records per attempt, and backends would count the tokens twice.
   */
  openTelemetry?: ClientOptions["openTelemetry"];
  /**
   * Whether the model honours a request's `responseFormat` natively, as
   * `output_config.format` (structured outputs). Defaults to the built-in table
   * (`anthropicSupportsStructuredOutput`: Claude 4.5 and later). Without it core asks for the
   * JSON in the prompt; it validates the reply either way.
   */
  structuredOutput?: boolean;
  /** Whether the model takes image parts. Defaults to the built-in table (`anthropicSupportsImages`). */
  images?: boolean;
}
