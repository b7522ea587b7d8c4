import type { ModelPricing } from "@rlm/core";

/** Which OpenAI endpoint a model talks to. */
export type OpenAIApi = "responses" | "chat";

/**
 * Per-request settings, read from `providerOptions.openai` of a request (and from the
 * model's own `providerOptions` as defaults). Unset fields are not sent.
 */
export interface OpenAIRequestOptions {
  /** Reasoning effort of reasoning models (`reasoning.effort` / `reasoning_effort`). */
  reasoningEffort?: "none" | "minimal" | "low" | "medium" | "high" | "xhigh";
  /** Output length hint of gpt-5 models. */
  verbosity?: "low" | "medium" | "high";
  serviceTier?: "auto" | "default" | "flex" | "priority";
  /** Whether OpenAI keeps the response. The Responses API defaults to `false` here. */
  store?: boolean;
  /** Groups requests that share a long prefix so they hit the same prompt cache. */
  promptCacheKey?: string;
  safetyIdentifier?: string;
  /** Merged into the request body last: fields a compatible server adds (`top_k`, ...). */
  extraBody?: Record<string, unknown>;
}

export interface OpenAIModelOptions {
  /** `"responses"` by default; `"chat"` for Chat Completions. */
  api?: OpenAIApi;
  /** Defaults to the `OPENAI_API_KEY` environment variable. */
  apiKey?: string;
  /** A gateway that speaks OpenAI's API; defaults to `OPENAI_BASE_URL`, then OpenAI. */
  baseURL?: string;
  organization?: string;
  project?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Deadline of one request, response body included. Default 10 minutes. */
  timeoutMs?: number;
  /**
   * `true` always streams, `false` never does. By default requests stream when
   * `maxOutputTokens` exceeds `streamAboveMaxOutputTokens`, so long generations do not sit
   * on an idle connection that proxies or the HTTP client may close.
   */
  stream?: boolean;
  /** Default 16,000. */
  streamAboveMaxOutputTokens?: number;
  /** Price per million tokens; replaces the built-in table's entry for this model. */
  pricing?: ModelPricing;
  /**
   * Prompt tokens the model accepts (its context window); replaces the built-in table's
   * entry. Core compacts a conversation's history as it comes close to it.
   */
  contextWindowTokens?: number;
  /** Defaults for `providerOptions.openai` of every request. */
  providerOptions?: OpenAIRequestOptions;
  /**
   * Name of the output-token limit in Chat Completions. OpenAI wants
   * `max_completion_tokens` (the default of `openai`); many compatible servers only know
   * `max_tokens` (the default of `openaiCompatible`).
   */
  maxTokensField?: "max_completion_tokens" | "max_tokens";
  /** Replaces `fetch` (proxies, custom agents). */
  fetch?: typeof globalThis.fetch;
  /**
   * Whether the model honours a request's `responseFormat` natively, as a JSON schema
   * `response_format` (Chat Completions) or `text.format` (Responses). Defaults to the built-in
   * table (`openAISupportsStructuredOutput`) for `openai`, and to `false` for
   * `openaiCompatible`: not every compatible server supports it. Without it core asks for
   * the JSON in the prompt; it validates the reply either way.
   */
  structuredOutput?: boolean;
  /**
   * Whether the model takes image parts. Defaults to the built-in table
   * (`openAISupportsImages`) for `openai`, and to `false` for `openaiCompatible`: turn it on
   * for a vision model. Core refuses image prompts to a model without it.
   */
  images?: boolean;
}

export interface OpenAICompatibleOptions
  extends Omit<OpenAIModelOptions, "baseURL" | "apiKey" | "api"> {
  modelId: string;
  baseURL: string;
  /** Sent as a bearer token; without one no `Authorization` header is sent. */
  apiKey?: string;
  /** Provider name on results, errors and telemetry. Default `"openai-compatible"`. */
  name?: string;
  /** Default `"chat"`: most compatible servers implement only Chat Completions. */
  api?: OpenAIApi;
}
