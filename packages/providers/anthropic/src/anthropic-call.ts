import type Anthropic from "@anthropic-ai/sdk";
import { type GenerateRequest, type GenerateResult, ProviderError } from "@rlm/core";
import { IncompleteStreamError, UnexpectedResponseError } from "@rlm/provider-utils";
import type { AnthropicJsonFormat } from "./anthropic-json-format.js";
import type { AnthropicRequestOptions } from "./anthropic-options.js";
import { convertToAnthropicMessages } from "./convert-to-anthropic-messages.js";
import { mapAnthropicFinishReason } from "./map-anthropic-finish-reason.js";
import { cacheWrite1hInputTokens, mapAnthropicUsage } from "./map-anthropic-usage.js";

type MessageBody = Anthropic.MessageCreateParamsNonStreaming;
type AnthropicMessage = Anthropic.Message;

/** What one request needs besides the client; resolved by the language model. */
export interface AnthropicCallSettings {
  modelId: string;
  stream: boolean;
  defaultMaxOutputTokens: number;
  providerOptions: AnthropicRequestOptions;
  /** The request's `responseFormat`, when the model honours it natively. */
  jsonFormat?: AnthropicJsonFormat | undefined;
}

export interface AnthropicCallOptions {
  client: Anthropic;
  request: GenerateRequest;
  settings: AnthropicCallSettings;
  /** The request's deadline signal (caller abort or timeout). */
  signal: AbortSignal;
  timeoutMs: number;
  provider: string;
  /** Called once the response headers arrive, so failures can carry the request id. */
  onResponse(response: Response): void;
}

/** A call's result before cost is added, with what the cost needs beyond core's usage. */
export interface AnthropicCallOutcome {
  result: Omit<GenerateResult, "costUsd">;
  cacheWrite1hInputTokens: number | undefined;
}

/** The Messages API request body for one `generate` call. */
export function buildMessageBody(
  options: Pick<AnthropicCallOptions, "request" | "settings">,
): MessageBody {
  const { request, settings } = options;
  const extra = settings.providerOptions;
  const prompt = convertToAnthropicMessages(request.messages);
  const jsonFormat = settings.jsonFormat;
  const instruction =
    jsonFormat && "instruction" in jsonFormat ? jsonFormat.instruction : undefined;
  const system = [prompt.system, instruction].filter((text) => text !== undefined).join("\n\n");
  const cacheControl =
    extra.cacheSystemPrompt === false
      ? undefined
      : { type: "ephemeral" as const, ...(extra.cacheTtl ? { ttl: extra.cacheTtl } : {}) };
  const fields: Record<string, unknown> = {
    model: settings.modelId,
    max_tokens: request.maxOutputTokens ?? settings.defaultMaxOutputTokens,
    // A text block rather than a string: only blocks can carry a cache breakpoint.
    system:
      system === ""
        ? undefined
        : [
            {
              type: "text",
              text: system,
              ...(cacheControl ? { cache_control: cacheControl } : {}),
            },
          ],
    messages: prompt.messages,
    temperature: request.temperature,
    top_k: extra.topK,
    top_p: extra.topP,
    stop_sequences: extra.stopSequences,
    thinking: extra.thinking,
    // `output_config` holds `effort` too: one given in `extraBody` keeps the format beside it.
    output_config:
      jsonFormat && "outputFormat" in jsonFormat
        ? {
            ...(extra.extraBody?.output_config as object | undefined),
            format: jsonFormat.outputFormat,
          }
        : undefined,
  };
  const defined = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  );
  const body = { ...defined, ...extra.extraBody };
  if (fields.output_config) body.output_config = fields.output_config;
  return body as unknown as MessageBody;
}

/** One Messages API request, streamed or not. */
export async function callMessages(options: AnthropicCallOptions): Promise<AnthropicCallOutcome> {
  const { client, settings, signal, timeoutMs } = options;
  const body = buildMessageBody(options);
  const requestOptions = { signal, timeout: timeoutMs };
  if (!settings.stream) {
    const promise = client.messages.create({ ...body, stream: false }, requestOptions);
    const response = await promise.asResponse();
    options.onResponse(response);
    return readMessage({ message: await promise, provider: options.provider, response });
  }
  const stream = client.messages.stream(body, requestOptions);
  const { response } = await stream.withResponse();
  options.onResponse(response);
  let stopped = false;
  for await (const event of stream) {
    if (event.type === "message_stop") stopped = true;
  }
  // The SDK ends the iteration quietly on abort; the abort must not pass for an answer.
  signal.throwIfAborted();
  if (!stopped) throw new IncompleteStreamError("the message was complete");
  const message = await stream.finalMessage();
  return readMessage({ message, provider: options.provider, response });
}

function readMessage(options: {
  message: AnthropicMessage;
  provider: string;
  response: Response;
}): AnthropicCallOutcome {
  const { message, provider, response } = options;
  if (!Array.isArray(message?.content))
    throw new UnexpectedResponseError("a message with a content array");
  const text = message.content
    .flatMap((block) => (block.type === "text" ? [block.text] : []))
    .join("");
  const finishReason = mapAnthropicFinishReason(message.stop_reason);
  if (message.stop_reason === "refusal" && text === "") {
    // Nothing to hand back: a refusal with no text is a failure, and retrying it is pointless.
    throw new ProviderError({
      kind: "content-filter",
      provider,
      message: `${provider} declined to answer (stop_reason "refusal").`,
      status: response.status,
      requestId: response.headers.get("request-id") ?? undefined,
    });
  }
  return {
    result: {
      text,
      finishReason,
      usage: mapAnthropicUsage(message.usage),
      response: {
        ...(message.id ? { id: message.id } : {}),
        ...(message.model ? { modelId: message.model } : {}),
      },
    },
    cacheWrite1hInputTokens: cacheWrite1hInputTokens(message.usage),
  };
}
