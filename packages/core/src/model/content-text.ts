import { formatBytes } from "./format-bytes.js";
import type { ContentPart, Message } from "./message.js";

/**
 * A message's content as text for events and traces: text parts as they are, each image as
 * a placeholder such as `[image image/png 12.3 KB]` (never its bytes), joined by "\n".
 */
export function contentText(content: string | readonly ContentPart[]): string {
  if (typeof content === "string") return content;
  return content
    .map((part) =>
      part.type === "text"
        ? part.text
        : `[image ${part.mediaType} ${formatBytes(part.data.length)}]`,
    )
    .join("\n");
}

/** Messages as events carry them: every content as text, images as placeholders. */
export function eventMessages(messages: readonly Message[]): { role: string; content: string }[] {
  return messages.map((message) => ({ role: message.role, content: contentText(message.content) }));
}
