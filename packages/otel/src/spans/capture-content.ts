/** Decides what text leaves the process: called on every captured piece of text. */
export type RedactContent = (text: string, info: { attribute: string }) => string;

export interface ContentCapture {
  maxChars: number;
  redact: RedactContent | undefined;
}

/** Cuts `text` to `maxChars`, saying how much was cut so a reader never mistakes it for whole. */
export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.length - maxChars;
  return `${text.slice(0, maxChars)}…[${cut} more characters]`;
}

/** A plain-text attribute value (code, cell output): redacted, then capped. */
export function captureText(capture: ContentCapture, attribute: string, text: string): string {
  const redacted = capture.redact ? capture.redact(text, { attribute }) : text;
  return capText(redacted, capture.maxChars);
}

interface ChatMessage {
  role: string;
  parts: { type: "text"; content: string }[];
  finish_reason?: string;
}

/**
 * Messages in the GenAI conventions' JSON shape. The cap holds for the text of the whole
 * attribute: the newest messages keep their text first, because in an RLM conversation they
 * say what the model was just asked, while the oldest is a long, constant system prompt.
 */
export function captureMessages(
  capture: ContentCapture,
  attribute: string,
  messages: readonly { role: string; content: string; finishReason?: string }[],
): string {
  let room = capture.maxChars;
  const captured: ChatMessage[] = new Array(messages.length);
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    const text = capture.redact ? capture.redact(message.content, { attribute }) : message.content;
    const content = capText(text, Math.max(room, 0));
    room -= Math.min(text.length, room);
    captured[index] = {
      role: message.role,
      parts: [{ type: "text", content }],
      ...(message.finishReason ? { finish_reason: message.finishReason } : {}),
    };
  }
  return JSON.stringify(captured);
}
