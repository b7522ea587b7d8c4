import { type Message, messageText } from "../model/message.js";

/**
 * The text of a request's last message (or of its last message with `role`), image parts
 * left out; `""` when there is none. For scripted models that answer from their prompt.
 */
export function lastMessageText(
  request: { messages: readonly Message[] },
  role?: Message["role"],
): string {
  const message = role
    ? request.messages.findLast((entry) => entry.role === role)
    : request.messages.at(-1);
  return message ? messageText(message) : "";
}
