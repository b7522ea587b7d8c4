import { GoogleGenAI } from "@google/genai";
import { GoogleLanguageModel } from "./google-language-model.js";
import {
  googleSupportsImages,
  googleSupportsStructuredOutput,
} from "./google-model-capabilities.js";
import type { GoogleModelOptions } from "./google-options.js";
import { findGoogleContextWindow, findGooglePricing } from "./google-prices.js";

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
  // Resolved here, not left to the SDK, so the provider name always matches the backend used.
  const vertexai = options.vertexai ?? readEnv("GOOGLE_GENAI_USE_VERTEXAI") === "true";
  return new GoogleLanguageModel({
    provider: vertexai ? "gcp.vertex_ai" : "gcp.gemini",
    modelId,
    createClient: () => createClient({ ...options, vertexai }),
    apiKey: () => resolveApiKey(options),
    pricing: options.pricing ?? findGooglePricing(modelId),
    contextWindowTokens: options.contextWindowTokens ?? findGoogleContextWindow(modelId),
    timeoutMs: options.timeoutMs,
    stream: options.stream,
    streamAboveMaxOutputTokens: options.streamAboveMaxOutputTokens,
    providerOptions: options.providerOptions,
    fetch: options.fetch,
    supportsStructuredOutput: options.structuredOutput ?? googleSupportsStructuredOutput(modelId),
    supportsImages: options.images ?? googleSupportsImages(modelId),
  });
}

function createClient(options: GoogleModelOptions & { vertexai: boolean }): GoogleGenAI {
  const apiKey = resolveApiKey(options);
  if (!options.vertexai && !apiKey) {
    // Without a key the SDK would fall back to Google Cloud credentials and probe the GCE
    // metadata server before failing; a missing key should fail at once.
    throw new Error("No Gemini API key: pass `apiKey` or set GEMINI_API_KEY.");
  }
  return new GoogleGenAI({
    vertexai: options.vertexai,
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

function resolveApiKey(options: GoogleModelOptions): string | undefined {
  return options.apiKey ?? readEnv("GOOGLE_API_KEY") ?? readEnv("GEMINI_API_KEY");
}

function readEnv(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}
