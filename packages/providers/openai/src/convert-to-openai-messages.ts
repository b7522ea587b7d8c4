import { type ContentPart, type Message, messageText } from "@rlm/core";
import { imageDataUrl } from "@rlm/provider-utils";
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type {
  EasyInputMessage,
  ResponseInputMessageContentList,
} from "openai/resources/responses/responses";

/**
 * Core's messages as Chat Completions messages. System prompts stay `system`: OpenAI maps
 * them to `developer` for reasoning models itself, and compatible servers only know `system`.
 * A user turn with parts keeps them in order: text parts and `image_url` parts (data URLs).
 */
export function convertToChatMessages(messages: readonly Message[]): ChatCompletionMessageParam[] {
  return messages.map((message): ChatCompletionMessageParam => {
    if (message.role !== "user" || typeof message.content === "string") {
      return { role: message.role, content: messageText(message) };
    }
    return { role: "user", content: message.content.map(toChatPart) };
  });
}

/** Core's messages as Responses API input items; user parts become `input_text` / `input_image`. */
export function convertToResponsesInput(messages: readonly Message[]): EasyInputMessage[] {
  return messages.map((message) => ({
    type: "message",
    role: message.role,
    content:
      message.role !== "user" || typeof message.content === "string"
        ? messageText(message)
        : message.content.map(toResponsesPart),
  }));
}

function toChatPart(part: ContentPart): ChatCompletionContentPart {
  return part.type === "text"
    ? { type: "text", text: part.text }
    : { type: "image_url", image_url: { url: imageDataUrl(part) } };
}

function toResponsesPart(part: ContentPart): ResponseInputMessageContentList[number] {
  return part.type === "text"
    ? { type: "input_text", text: part.text }
    : { type: "input_image", image_url: imageDataUrl(part), detail: "auto" };
}
