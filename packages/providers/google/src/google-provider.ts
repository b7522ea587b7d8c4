import { GoogleGenAI } from "@google/genai";
import { GoogleLanguageModel } from "./google-language-model.js";
import type { GoogleModelOptions } from "./google-options.js";
import { findGooglePricing } from "./google-prices.js";

/**
 * A Gemini model through the Gemini API (provider `"gcp.gemini"`), or through Vertex AI with
 * `vertexai: true` (provider `"gcp.vertex_ai"`). `baseURL` points it at a proxy or gateway.
 *
 * ```ts
 * const model = google("gemini-2.5-flash", {
 *   providerOptions: { thinkingConfig: { thinkingBudget: 1024 } },
 * });
 * ```
 */
export function google(modelId: string, options: GoogleModelOptions = {}): GoogleLanguageModel {
  return new GoogleLanguageModel({
    provider: options.vertexai ? "gcp.vertex_ai" : "gcp.gemini",
    modelId,
    createClient: () => createClient(options),
    pricing: options.pricing ?? findGooglePricing(modelId),
    timeoutMs: options.timeoutMs,
    stream: options.stream,
    providerOptions: options.providerOptions,
    fetch: options.fetch,
  });
}

function createClient(options: GoogleModelOptions): GoogleGenAI {
  return new GoogleGenAI({
    ...(options.vertexai ? { vertexai: true } : {}),
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    ...(options.project !== undefined ? { project: options.project } : {}),
    ...(options.location !== undefined ? { location: options.location } : {}),
    ...(options.apiVersion !== undefined ? { apiVersion: options.apiVersion } : {}),
    httpOptions: {
      ...(options.baseURL !== undefined ? { baseUrl: options.baseURL } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      // Core retries every provider with one policy; SDK retries would hide attempts from it.
      retryOptions: { attempts: 1 },
    },
  });
}
