import type { Content, Part } from "@google/genai";
import { type ContentPart, type Message, messageText } from "@rlm/core";
import { bytesToBase64 } from "@rlm/provider-utils";

export interface GooglePrompt {
  /** All system messages, joined; Gemini takes them as `systemInstruction`. */
  systemInstruction: string | undefined;
  contents: Content[];
}

/**
 * Splits core messages into Gemini's `systemInstruction` and its user/model turns. A user
 * turn with parts keeps them in order: text parts and `inlineData` image parts.
 */
export function convertToGoogleContents(messages: readonly Message[]): GooglePrompt {
  const system: string[] = [];
  const contents: GooglePrompt["contents"] = [];
  for (const message of messages) {
    if (message.role === "system") system.push(messageText(message));
    else
      contents.push({
        role: message.role === "assistant" ? "model" : "user",
        parts:
          message.role === "user" && typeof message.content !== "string"
            ? message.content.map(toPart)
            : [{ text: messageText(message) }],
      });
  }
  return {
    systemInstruction: system.length > 0 ? system.join("\n\n") : undefined,
    contents,
  };
}

function toPart(part: ContentPart): Part {
  if (part.type === "text") return { text: part.text };
  return { inlineData: { mimeType: part.mediaType, data: bytesToBase64(part.data) } };
}
