import { IncompleteStreamError, UnexpectedResponseError } from "@rlm/provider-utils";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";
import { convertToChatMessages } from "./convert-to-openai-messages.js";
import { mapChatFinishReason } from "./map-openai-finish-reason.js";
import { mapChatUsage } from "./map-openai-usage.js";
import { definedFields, type OpenAICallOptions, type OpenAICallOutcome } from "./openai-call.js";
import { chatResponseFormat } from "./openai-json-format.js";

type ChatBody = Omit<ChatCompletionCreateParamsNonStreaming, "stream">;

/** The Chat Completions request body for one `generate` call. */
export function buildChatBody(options: Pick<OpenAICallOptions, "request" | "settings">): ChatBody {
  const { request, settings } = options;
  const extra = settings.providerOptions;
  return {
    ...definedFields({
      model: settings.modelId,
      messages: convertToChatMessages(request.messages),
      [settings.maxTokensField]: request.maxOutputTokens,
      temperature: settings.sendTemperature ? request.temperature : undefined,
      response_format: settings.jsonFormat ? chatResponseFormat(settings.jsonFormat) : undefined,
      reasoning_effort: extra.reasoningEffort,
      verbosity: extra.verbosity,
      service_tier: extra.serviceTier,
      store: extra.store,
      prompt_cache_key: extra.promptCacheKey,
      safety_identifier: extra.safetyIdentifier,
    }),
    ...extra.extraBody,
  } as ChatBody;
}

/** One Chat Completions request, streamed or not. */
export async function callChat(options: OpenAICallOptions): Promise<OpenAICallOutcome> {
  const { client, settings, signal, timeoutMs } = options;
  const body = buildChatBody(options);
  const requestOptions = { signal, timeout: timeoutMs };
  if (!settings.stream) {
    const promise = client.chat.completions.create({ ...body, stream: false }, requestOptions);
    options.onResponse(await promise.asResponse());
    return readCompletion(await promise);
  }
  const streamBody: ChatCompletionCreateParamsStreaming = {
    ...body,
    stream: true,
    // Without it the stream carries no token counts at all.
    stream_options: { include_usage: true },
  };
  const promise = client.chat.completions.create(streamBody, requestOptions);
  options.onResponse(await promise.asResponse());
  return collectChatStream({
    stream: await promise,
    signal,
    requireUsage: settings.requireStreamUsage,
  });
}

function readCompletion(completion: ChatCompletion): OpenAICallOutcome {
  const choice = Array.isArray(completion?.choices) ? completion.choices[0] : undefined;
  if (!choice?.message) throw new UnexpectedResponseError("a chat completion with a choice");
  const { content, refusal } = choice.message;
  const refused = !content && Boolean(refusal);
  return {
    text: content || refusal || "",
    finishReason: refused ? "content-filter" : mapChatFinishReason(choice.finish_reason),
    usage: mapChatUsage(completion.usage),
    response: definedFields({ id: completion.id, modelId: completion.model }),
  };
}

async function collectChatStream(options: {
  stream: AsyncIterable<ChatCompletionChunk>;
  signal: AbortSignal;
  requireUsage: boolean;
}): Promise<OpenAICallOutcome> {
  const { stream, signal } = options;
  let text = "";
  let refusal = "";
  let finishReason: string | null | undefined;
  let usage: CompletionUsage | undefined;
  let id: string | undefined;
  let modelId: string | undefined;
  for await (const chunk of stream) {
    id ??= chunk.id;
    modelId ??= chunk.model;
    // The usage arrives in a last chunk with no choices; some servers repeat it on every chunk.
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices?.[0];
    if (choice?.delta?.content) text += choice.delta.content;
    if (choice?.delta?.refusal) refusal += choice.delta.refusal;
    if (choice?.finish_reason) finishReason = choice.finish_reason;
  }
  // The SDK ends the iteration quietly on abort; the abort must not pass for an answer.
  signal.throwIfAborted();
  if (!finishReason) throw new IncompleteStreamError("the model finished its answer");
  // An answer without its token counts would slip past the cost ledger unbilled.
  if (options.requireUsage && !usage) throw new IncompleteStreamError("its token usage arrived");
  const refused = !text && Boolean(refusal);
  return {
    text: text || refusal,
    finishReason: refused ? "content-filter" : mapChatFinishReason(finishReason),
    usage: mapChatUsage(usage),
    response: definedFields({ id, modelId }),
  };
}
