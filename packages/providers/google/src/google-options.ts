import type { GooglePricing } from "./google-prices.js";

/**
 * Per-request settings, read from `providerOptions.google` of a request (and from the
 * model's own `providerOptions` as defaults). Unset fields are not sent.
 */
export interface GoogleRequestOptions {
  /**
   * Sent as `generationConfig.thinkingConfig` untouched, e.g. `{ thinkingBudget: 1024 }` or
   * `{ thinkingLevel: "low" }`. Thinking tokens are billed as output.
   */
  thinkingConfig?: Record<string, unknown>;
  topK?: number;
  topP?: number;
  stopSequences?: string[];
  /** `safetySettings`, sent untouched. */
  safetySettings?: Record<string, unknown>[];
  /** Name of an explicit context cache (`cachedContents/...`) holding the prompt's prefix. */
  cachedContent?: string;
  /** Merged into the generation config last, for fields this package does not name. */
  extraConfig?: Record<string, unknown>;
}

export interface GoogleModelOptions {
  /** Defaults to the `GEMINI_API_KEY` (then `GOOGLE_API_KEY`) environment variable. */
  apiKey?: string;
  /** A gateway or proxy that speaks the Gemini API, in place of Google's endpoint. */
  baseURL?: string;
  /** API version in the URL path (`v1beta`, ...); defaults to the SDK's choice. */
  apiVersion?: string;
  /**
   * Vertex AI instead of the Gemini API; credentials come from Application Default
   * Credentials, or `apiKey` for express mode. Defaults to `GOOGLE_GENAI_USE_VERTEXAI=true`.
   */
  vertexai?: boolean;
  /** Google Cloud project for Vertex AI; defaults to `GOOGLE_CLOUD_PROJECT`. */
  project?: string;
  /** Google Cloud region for Vertex AI; defaults to `GOOGLE_CLOUD_LOCATION`. */
  location?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Deadline of one request, response body included. Default 10 minutes. */
  timeoutMs?: number;
  /**
   * `true` always uses `streamGenerateContent`, `false` never does. By default a request
   * streams when its `maxOutputTokens` exceeds `streamAboveMaxOutputTokens`, so long
   * generations do not sit on an idle connection that proxies may close.
   */
  stream?: boolean;
  /** The automatic streaming threshold. Default 16,000. */
  streamAboveMaxOutputTokens?: number;
  /**
   * Price per million tokens; replaces the built-in table's entry for this model. A plain
   * `ModelPricing` from core will do; `GooglePricing` adds long-context rates.
   */
  pricing?: GooglePricing;
  /**
   * Prompt tokens the model accepts (its context window); replaces the built-in table's
   * entry. Core compacts a conversation's history as it comes close to it.
   */
  contextWindowTokens?: number;
  /** Defaults for `providerOptions.google` of every request. */
  providerOptions?: GoogleRequestOptions;
  /** Replaces `fetch` (proxies, custom agents). */
  fetch?: typeof globalThis.fetch;
  /**
   * Whether the model honours a request's `responseFormat` natively, as
   * `responseMimeType: "application/json"` with `responseJsonSchema`. Defaults to the
   * built-in table (`googleSupportsStructuredOutput`: every Gemini model since 1.5). Without
   * it core asks for the JSON in the prompt; it validates the reply either way.
   */
  structuredOutput?: boolean;
  /** Whether the model takes image parts. Defaults to the built-in table (`googleSupportsImages`). */
  images?: boolean;
}
