import { type Message, messageText } from "@rlm/core";

export interface GooglePrompt {
  /** All system messages, joined; Gemini takes them as `systemInstruction`. */
  systemInstruction: string | undefined;
  contents: { role: "user" | "model"; parts: { text: string }[] }[];
}

/** Splits core messages into Gemini's `systemInstruction` and its user/model turns. */
export function convertToGoogleContents(messages: readonly Message[]): GooglePrompt {
  const system: string[] = [];
  const contents: GooglePrompt["contents"] = [];
  for (const message of messages) {
    if (message.role === "system") system.push(messageText(message));
    else
      contents.push({
        role: message.role === "assistant" ? "model" : "user",
        parts: [{ text: messageText(message) }],
      });
  }
  return {
    systemInstruction: system.length > 0 ? system.join("\n\n") : undefined,
    contents,
  };
}
