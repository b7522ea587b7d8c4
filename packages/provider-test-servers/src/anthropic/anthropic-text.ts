import { replyId, type TextReplyUsage, textDeltas } from "../text-reply.js";
import type { AnthropicSseEvent } from "./anthropic-reply.js";

/** A Messages API body answering with `text`. */
export function messageBody(text: string, model: string, usage: TextReplyUsage) {
  return {
    ...messageShell(replyId("msg_"), model, usage.inputTokens),
    content: [{ type: "text", text }],
    stop_reason: "end_turn",
    usage: messageUsage(usage.inputTokens, usage.outputTokens),
  };
}

/** The Messages API event stream of the same answer. */
export function messageEvents(
  text: string,
  model: string,
  usage: TextReplyUsage,
): AnthropicSseEvent[] {
  const events: { type: string; [field: string]: unknown }[] = [
    { type: "message_start", message: messageShell(replyId("msg_"), model, usage.inputTokens) },
    { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    ...textDeltas(text).map((delta) => ({
      type: "content_block_delta",
      index: 0,
      delta: { type: "text_delta", text: delta },
    })),
    { type: "content_block_stop", index: 0 },
    {
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: messageUsage(usage.inputTokens, usage.outputTokens),
    },
    { type: "message_stop" },
  ];
  return events.map((event) => ({ event: event.type, data: JSON.stringify(event) }));
}

function messageShell(id: string, model: string, inputTokens: number) {
  return {
    id,
    type: "message",
    role: "assistant",
    model,
    content: [] as unknown[],
    stop_reason: null as string | null,
    stop_sequence: null,
    usage: messageUsage(inputTokens, 1),
  };
}

function messageUsage(inputTokens: number, outputTokens: number) {
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    service_tier: "standard",
  };
}
