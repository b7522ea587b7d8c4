import type Anthropic from "@anthropic-ai/sdk";
import { type ContentPart, type Message, messageText } from "@rlm/core";
import { bytesToBase64 } from "@rlm/provider-utils";

export interface AnthropicPrompt {
  /** All system messages, joined; Anthropic takes the system prompt apart from the turns. */
  system: string | undefined;
  messages: Anthropic.MessageParam[];
}

/**
 * Splits core messages into Anthropic's top-level `system` and its user/assistant turns. A
 * user turn with parts keeps them in order: text blocks and base64 image blocks.
 */
export function convertToAnthropicMessages(messages: readonly Message[]): AnthropicPrompt {
  const system: string[] = [];
  const turns: AnthropicPrompt["messages"] = [];
  for (const message of messages) {
    if (message.role === "system") system.push(messageText(message));
    else if (message.role === "assistant" || typeof message.content === "string")
      turns.push({ role: message.role, content: messageText(message) });
    else turns.push({ role: "user", content: message.content.map(toContentBlock) });
  }
  return { system: system.length > 0 ? system.join("\n\n") : undefined, messages: turns };
}

function toContentBlock(part: ContentPart): Anthropic.ContentBlockParam {
  if (part.type === "text") return { type: "text", text: part.text };
  return {
    type: "image",
    source: { type: "base64", media_type: part.mediaType, data: bytesToBase64(part.data) },
  };
}
