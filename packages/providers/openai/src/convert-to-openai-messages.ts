import { type Message, messageText } from "@rlm/core";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { EasyInputMessage } from "openai/resources/responses/responses";

/**
 * Core's messages as Chat Completions messages. System prompts stay `system`: OpenAI maps
 * them to `developer` for reasoning models itself, and compatible servers only know `system`.
 */
export function convertToChatMessages(messages: readonly Message[]): ChatCompletionMessageParam[] {
  return messages.map((message) => ({ role: message.role, content: messageText(message) }));
}

/** Core's messages as Responses API input items (plain-text messages). */
export function convertToResponsesInput(messages: readonly Message[]): EasyInputMessage[] {
  return messages.map((message) => ({
    type: "message",
    role: message.role,
    content: messageText(message),
  }));
}
