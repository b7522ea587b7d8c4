import type {
  GenerateContentConfig,
  GenerateContentParameters,
  GenerateContentResponse,
  GoogleGenAI,
} from "@google/genai";
import {
  type GenerateRequest,
  type GenerateResult,
  type JsonSchema,
  ProviderError,
} from "@rlm/core";
import { IncompleteStreamError, UnexpectedResponseError } from "@rlm/provider-utils";
import { convertToGoogleContents } from "./convert-to-google-contents.js";
import type { GoogleRequestOptions } from "./google-options.js";
import { FILTERED_FINISH_REASONS, mapGoogleFinishReason } from "./map-google-finish-reason.js";
import { type GoogleUsageMetadata, mapGoogleUsage } from "./map-google-usage.js";

/** What one request needs besides the client; resolved by the language model. */
export interface GoogleCallSettings {
  modelId: string;
  stream: boolean;
  providerOptions: GoogleRequestOptions;
  /** The request's `responseFormat` schema, when the model honours it natively. */
  responseJsonSchema?: JsonSchema | undefined;
}

export interface GoogleCallOptions {
  client: GoogleGenAI;
  request: GenerateRequest;
  settings: GoogleCallSettings;
  /** The request's deadline signal (caller abort or timeout). */
  signal: AbortSignal;
  provider: string;
  /** The `fetch` the SDK uses; the language model wraps it to see the response headers. */
  fetch: typeof globalThis.fetch;
}

/** A call's result before cost is added. */
export type GoogleCallOutcome = Omit<GenerateResult, "costUsd">;

/** The SDK parameters of one `generate` call. */
export function buildGenerateParameters(
  options: Pick<GoogleCallOptions, "request" | "settings" | "signal" | "fetch">,
): GenerateContentParameters {
  const { request, settings } = options;
  const extra = settings.providerOptions;
  const prompt = convertToGoogleContents(request.messages);
  const fields: Record<string, unknown> = {
    systemInstruction: prompt.systemInstruction,
    maxOutputTokens: request.maxOutputTokens,
    temperature: request.temperature,
    topK: extra.topK,
    topP: extra.topP,
    stopSequences: extra.stopSequences,
    safetySettings: extra.safetySettings,
    cachedContent: extra.cachedContent,
    thinkingConfig: extra.thinkingConfig,
    // Gemini takes JSON Schema as is here, any root type included.
    responseMimeType: settings.responseJsonSchema ? "application/json" : undefined,
    responseJsonSchema: settings.responseJsonSchema,
  };
  const config: GenerateContentConfig = {
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
    ...extra.extraConfig,
    abortSignal: options.signal,
    // The SDK would otherwise reopen a cut stream on its own: one generate, one HTTP attempt.
    automaticContinuation: false,
    httpOptions: { fetch: options.fetch },
  };
  return { model: settings.modelId, contents: prompt.contents, config };
}

/** One `generateContent` or `streamGenerateContent` request. */
export async function callGenerate(options: GoogleCallOptions): Promise<GoogleCallOutcome> {
  const { client, settings, signal, provider } = options;
  const parameters = buildGenerateParameters(options);
  if (!settings.stream) {
    const response = await client.models.generateContent(parameters);
    return readResponse({ provider, ...collect([response]) });
  }
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of await client.models.generateContentStream(parameters)) {
    chunks.push(chunk);
  }
  signal.throwIfAborted();
  const collected = collect(chunks);
  if (!collected.finishReason && !collected.blockReason)
    throw new IncompleteStreamError("the model finished its answer");
  return readResponse({ provider, ...collected });
}

interface Collected {
  text: string;
  finishReason: string | undefined;
  blockReason: string | undefined;
  hasCandidate: boolean;
  usage: GoogleUsageMetadata | undefined;
  id: string | undefined;
  modelId: string | undefined;
}

/** Folds one response, or a stream's chunks, into what the result needs. */
function collect(responses: readonly GenerateContentResponse[]): Collected {
  const collected: Collected = {
    text: "",
    finishReason: undefined,
    blockReason: undefined,
    hasCandidate: false,
    usage: undefined,
    id: undefined,
    modelId: undefined,
  };
  for (const response of responses) {
    collected.id ??= response?.responseId;
    collected.modelId ??= response?.modelVersion;
    // Each chunk's usage is the running total so far, so the last one counts.
    if (response?.usageMetadata) collected.usage = response.usageMetadata;
    if (response?.promptFeedback?.blockReason) {
      collected.blockReason = response.promptFeedback.blockReason;
    }
    const candidate = Array.isArray(response?.candidates) ? response.candidates[0] : undefined;
    if (!candidate) continue;
    collected.hasCandidate = true;
    for (const part of candidate.content?.parts ?? []) {
      // Thought summaries are the model's notes, not its answer.
      if (typeof part.text === "string" && !part.thought) collected.text += part.text;
    }
    if (candidate.finishReason) collected.finishReason = candidate.finishReason;
  }
  return collected;
}

function readResponse(options: Collected & { provider: string }): GoogleCallOutcome {
  const { provider, text, finishReason, blockReason } = options;
  if (blockReason) {
    throw new ProviderError({
      kind: "content-filter",
      provider,
      message: `${provider} blocked the prompt (${blockReason}).`,
    });
  }
  if (!options.hasCandidate) throw new UnexpectedResponseError("a response with a candidate");
  if (text === "" && finishReason && FILTERED_FINISH_REASONS.has(finishReason)) {
    throw new ProviderError({
      kind: "content-filter",
      provider,
      message: `${provider} withheld the answer (finish reason ${finishReason}).`,
    });
  }
  return {
    text,
    finishReason: mapGoogleFinishReason(finishReason),
    usage: mapGoogleUsage(options.usage),
    response: {
      ...(options.id ? { id: options.id } : {}),
      ...(options.modelId ? { modelId: options.modelId } : {}),
    },
  };
}
