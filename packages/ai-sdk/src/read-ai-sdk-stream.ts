import type { LanguageModelV4GenerateResult, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { ProviderError } from "@rlm/core";
import { IncompleteStreamError } from "@rlm/provider-utils";
import { kindOfErrorBody } from "./map-ai-sdk-error.js";

/**
 * Reads a `doStream` result to its end into what `doGenerate` would have returned: the text
 * parts joined, the response metadata, and the `finish` part's reason and usage. A stream
 * that ends without `finish` was cut (a retryable `invalid-response`); an `error` part is
 * the provider failing after the response started (a `server` fault unless its body says
 * otherwise).
 */
export async function readAISDKStream(options: {
  stream: ReadableStream<LanguageModelV4StreamPart>;
  provider: string;
}): Promise<LanguageModelV4GenerateResult> {
  let text = "";
  let warnings: LanguageModelV4GenerateResult["warnings"] = [];
  let response: LanguageModelV4GenerateResult["response"] = {};
  let finish: Extract<LanguageModelV4StreamPart, { type: "finish" }> | undefined;
  for await (const part of options.stream) {
    if (part.type === "text-delta") text += part.delta;
    else if (part.type === "stream-start") warnings = part.warnings;
    else if (part.type === "response-metadata") response = { ...response, ...part };
    else if (part.type === "finish") finish = part;
    else if (part.type === "error") throw streamError(options.provider, part.error);
  }
  if (!finish) throw new IncompleteStreamError("its finish part");
  return {
    content: [{ type: "text", text }],
    finishReason: finish.finishReason,
    usage: finish.usage,
    response: {
      ...(response.id ? { id: response.id } : {}),
      ...(response.modelId ? { modelId: response.modelId } : {}),
    },
    warnings,
  };
}

function streamError(provider: string, error: unknown): unknown {
  if (ProviderError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : (JSON.stringify(error) ?? String(error));
  return new ProviderError({
    kind: kindOfErrorBody(error) ?? kindOfErrorBody({ error }) ?? "server",
    provider,
    message: `${provider} failed in the middle of its response: ${message}`,
    cause: error,
  });
}
