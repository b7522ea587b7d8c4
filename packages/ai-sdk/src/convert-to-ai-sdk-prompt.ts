import type {
  LanguageModelV4FilePart,
  LanguageModelV4Prompt,
  LanguageModelV4TextPart,
} from "@ai-sdk/provider";
import { type ContentPart, type Message, messageText } from "@rlm/core";

/** Core's messages as the spec's prompt: system text, user text and images, assistant text. */
export function convertToAISDKPrompt(messages: readonly Message[]): LanguageModelV4Prompt {
  return messages.map((message) => {
    if (message.role === "system") return { role: "system", content: messageText(message) };
    if (message.role === "assistant") {
      return { role: "assistant", content: [{ type: "text", text: messageText(message) }] };
    }
    return {
      role: "user",
      content:
        typeof message.content === "string"
          ? [{ type: "text", text: message.content }]
          : message.content.map(convertPart),
    };
  });
}

function convertPart(part: ContentPart): LanguageModelV4TextPart | LanguageModelV4FilePart {
  if (part.type === "text") return { type: "text", text: part.text };
  return { type: "file", data: { type: "data", data: part.data }, mediaType: part.mediaType };
}
