/** Media types an image part may have. */
export type ImageMediaType = "image/png" | "image/jpeg" | "image/gif" | "image/webp";

/** One part of a message with images: text, or an image's bytes. */
export type ContentPart =
  | { type: "text"; text: string }
  | { type: "image"; data: Uint8Array; mediaType: ImageMediaType };

/** One turn of a conversation sent to a model. */
export interface Message {
  role: "system" | "user" | "assistant";
  /** A string, or (user turns of sub-calls) text and image parts in order. */
  content: string | readonly ContentPart[];
}

/** The text of a message: its string, or its text parts joined by "\n". */
export function messageText(message: Message): string {
  if (typeof message.content === "string") return message.content;
  const texts: string[] = [];
  for (const part of message.content) if (part.type === "text") texts.push(part.text);
  return texts.join("\n");
}

/** Why a model stopped producing output. */
export type FinishReason = "stop" | "length" | "content-filter" | "error" | "other";
