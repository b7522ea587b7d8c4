import { replyId, type TextReplyUsage, textDeltas } from "../text-reply.js";
import type { SseEvent } from "./openai-fixtures.js";

const CREATED = 1_763_800_000;

/** A Chat Completions body answering with `text`. */
export function chatCompletionBody(text: string, model: string, usage: TextReplyUsage) {
  return {
    id: replyId("chatcmpl-"),
    object: "chat.completion",
    created: CREATED,
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: "stop",
      },
    ],
    usage: chatUsage(usage),
  };
}

/** The Chat Completions stream of the same answer, usage in the last chunk. */
export function chatCompletionEvents(
  text: string,
  model: string,
  usage: TextReplyUsage,
): SseEvent[] {
  const id = replyId("chatcmpl-");
  const chunk = (choices: unknown[], usageField: unknown = null): SseEvent => ({
    data: JSON.stringify({
      id,
      object: "chat.completion.chunk",
      created: CREATED,
      model,
      choices,
      usage: usageField,
    }),
  });
  return [
    chunk([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]),
    ...textDeltas(text).map((content) =>
      chunk([{ index: 0, delta: { content }, finish_reason: null }]),
    ),
    chunk([{ index: 0, delta: {}, finish_reason: "stop" }]),
    chunk([], chatUsage(usage)),
    { data: "[DONE]" },
  ];
}

/** A Responses API body answering with `text`. */
export function responsesBody(text: string, model: string, usage: TextReplyUsage) {
  return responseObject({ id: replyId("resp_"), text, model, usage, status: "completed" });
}

/** The Responses API event stream of the same answer. */
export function responsesEvents(text: string, model: string, usage: TextReplyUsage): SseEvent[] {
  const id = replyId("resp_");
  const itemId = `msg_${id}`;
  const events: { type: string; [field: string]: unknown }[] = [
    { type: "response.created", response: responseObject({ id, model, status: "in_progress" }) },
    {
      type: "response.output_item.added",
      output_index: 0,
      item: { id: itemId, type: "message", status: "in_progress", content: [], role: "assistant" },
    },
    ...textDeltas(text).map((delta) => ({
      type: "response.output_text.delta",
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      delta,
      logprobs: [],
    })),
    {
      type: "response.output_text.done",
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      text,
      logprobs: [],
    },
    {
      type: "response.completed",
      response: responseObject({ id, text, model, usage, status: "completed" }),
    },
  ];
  return events.map((event, sequence) => ({
    event: event.type,
    data: JSON.stringify({ ...event, sequence_number: sequence }),
  }));
}

function responseObject(options: {
  id: string;
  model: string;
  status: "in_progress" | "completed";
  text?: string;
  usage?: TextReplyUsage;
}) {
  const { id, model, status, text, usage } = options;
  return {
    id,
    object: "response",
    created_at: CREATED,
    status,
    error: null,
    incomplete_details: null,
    model,
    output:
      text === undefined
        ? []
        : [
            {
              id: `msg_${id}`,
              type: "message",
              status: "completed",
              role: "assistant",
              content: [{ type: "output_text", annotations: [], logprobs: [], text }],
            },
          ],
    usage: usage
      ? {
          input_tokens: usage.inputTokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: usage.outputTokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: usage.inputTokens + usage.outputTokens,
        }
      : null,
  };
}

function chatUsage(usage: TextReplyUsage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}
