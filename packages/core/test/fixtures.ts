import { type Message, messageText } from "../src/index.js";

/** A reply holding one ```repl block. */
export function repl(code: string, prose = ""): string {
  return `${prose}\n\`\`\`repl\n${code}\n\`\`\``;
}

/** The content of the last user message of a model request: what the model was told. */
export function lastUserMessage(request: { messages: readonly Message[] } | undefined): string {
  const message = request?.messages.filter((entry) => entry.role === "user").at(-1);
  return message ? messageText(message) : "";
}
