import { IncompleteStreamError, UnexpectedResponseError } from "@rlm/provider-utils";
import type {
  Response as OpenAIResponse,
  ResponseCreateParamsNonStreaming,
  ResponseStreamEvent,
} from "openai/resources/responses/responses";
import { convertToResponsesInput } from "./convert-to-openai-messages.js";
import { reportedFailureError } from "./map-openai-error.js";
import { mapResponsesFinishReason } from "./map-openai-finish-reason.js";
import { mapResponsesUsage } from "./map-openai-usage.js";
import { definedFields, type OpenAICallOptions, type OpenAICallOutcome } from "./openai-call.js";
import { responsesTextFormat } from "./openai-json-format.js";

type ResponsesBody = Omit<ResponseCreateParamsNonStreaming, "stream">;

/** The Responses API request body for one `generate` call. */
export function buildResponsesBody(
  options: Pick<OpenAICallOptions, "request" | "settings">,
): ResponsesBody {
  const { request, settings } = options;
  const extra = settings.providerOptions;
  return {
    ...definedFields({
      model: settings.modelId,
      input: convertToResponsesInput(request.messages),
      max_output_tokens: request.maxOutputTokens,
      temperature: settings.sendTemperature ? request.temperature : undefined,
      reasoning: extra.reasoningEffort ? { effort: extra.reasoningEffort } : undefined,
      text: textConfig(settings),
      service_tier: extra.serviceTier,
      // Every RLM turn resends its history, so a stored copy would only be kept, not used.
      store: extra.store ?? false,
      prompt_cache_key: extra.promptCacheKey,
      safety_identifier: extra.safetyIdentifier,
    }),
    ...extra.extraBody,
  } as ResponsesBody;
}

/** `text`: the output length hint and the JSON schema format, whichever are set. */
function textConfig(settings: OpenAICallOptions["settings"]): ResponsesBody["text"] {
  const { verbosity } = settings.providerOptions;
  const format = settings.jsonFormat ? responsesTextFormat(settings.jsonFormat) : undefined;
  if (!verbosity && !format) return undefined;
  return { ...(verbosity ? { verbosity } : {}), ...(format ? { format } : {}) };
}

/** One Responses API request, streamed or not. */
export async function callResponses(options: OpenAICallOptions): Promise<OpenAICallOutcome> {
  const { client, settings, signal, timeoutMs, provider } = options;
  const body = buildResponsesBody(options);
  const requestOptions = { signal, timeout: timeoutMs };
  if (!settings.stream) {
    const promise = client.responses.create({ ...body, stream: false }, requestOptions);
    const response = await promise.asResponse();
    options.onResponse(response);
    const result = await promise;
    if (result?.object !== "response" || !Array.isArray(result.output)) {
      throw new UnexpectedResponseError("a response object");
    }
    if (result.status === "failed") {
      throw reportedFailureError({ provider, ...result.error, response });
    }
    return readResponse(result, "");
  }
  const promise = client.responses.create({ ...body, stream: true }, requestOptions);
  const response = await promise.asResponse();
  options.onResponse(response);
  const stream: AsyncIterable<ResponseStreamEvent> = await promise;
  let streamedText = "";
  let final: OpenAIResponse | undefined;
  for await (const event of stream) {
    if (event.type === "response.output_text.delta") streamedText += event.delta;
    else if (event.type === "response.completed" || event.type === "response.incomplete") {
      final = event.response;
    } else if (event.type === "response.failed") {
      throw reportedFailureError({ provider, ...event.response.error, response });
    } else if (event.type === "error") {
      throw reportedFailureError({ provider, code: event.code, message: event.message, response });
    }
  }
  // The SDK ends the iteration quietly on abort; the abort must not pass for an answer.
  signal.throwIfAborted();
  if (!final) throw new IncompleteStreamError("the response was completed");
  return readResponse(final, streamedText);
}

function readResponse(result: OpenAIResponse, streamedText: string): OpenAICallOutcome {
  const { text, refusal } = collectOutput(result);
  const answer = text || streamedText;
  const refused = !answer && refusal.length > 0;
  return {
    text: answer || refusal,
    finishReason: refused ? "content-filter" : mapResponsesFinishReason(result),
    usage: mapResponsesUsage(result.usage),
    response: definedFields({ id: result.id, modelId: result.model }),
  };
}

/** The assistant's text (and any refusal) across the output's message items. */
function collectOutput(result: OpenAIResponse): { text: string; refusal: string } {
  let text = "";
  let refusal = "";
  for (const item of result.output) {
    if (item.type !== "message" || !Array.isArray(item.content)) continue;
    for (const part of item.content) {
      if (part.type === "output_text") text += part.text;
      else if (part.type === "refusal") refusal += part.refusal;
    }
  }
  return { text, refusal };
}
