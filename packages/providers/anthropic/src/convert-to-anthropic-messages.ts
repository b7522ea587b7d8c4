import { type Message, messageText } from "@rlm/core";

export interface AnthropicPrompt {
  /** All system messages, joined; Anthropic takes the system prompt apart from the turns. */
  system: string | undefined;
  messages: { role: "user" | "assistant"; content: string }[];
}

/** Splits core messages into Anthropic's top-level `system` and its user/assistant turns. */
export function convertToAnthropicMessages(messages: readonly Message[]): AnthropicPrompt {
  const system: string[] = [];
  const turns: AnthropicPrompt["messages"] = [];
  for (const message of messages) {
    if (message.role === "system") system.push(messageText(message));
    else turns.push({ role: message.role, content: messageText(message) });
  }
  return { system: system.length > 0 ? system.join("\n\n") : undefined, messages: turns };
}
