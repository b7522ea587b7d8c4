/**
 * Text of captured messages (`gen_ai.input.messages` / `gen_ai.output.messages`), which
 * hold JSON in the GenAI conventions' shape: `[{ role, parts: [{ type: "text", content }] }]`.
 * Anything else (a plain string from another exporter) is shown as it is.
 */
export function messagesText(value: unknown): { role: string; text: string }[] {
  if (typeof value !== "string" || value === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [{ role: "", text: value }];
  }
  if (!Array.isArray(parsed)) return [{ role: "", text: value }];
  return parsed.map((message) => {
    const record = (typeof message === "object" && message !== null ? message : {}) as {
      role?: unknown;
      parts?: unknown;
      content?: unknown;
    };
    const role = typeof record.role === "string" ? record.role : "";
    if (typeof record.content === "string") return { role, text: record.content };
    const parts = Array.isArray(record.parts) ? record.parts : [];
    const text = parts
      .map((part) => {
        const content = (part as { content?: unknown } | null)?.content;
        return typeof content === "string" ? content : JSON.stringify(content ?? "");
      })
      .join("\n");
    return { role, text };
  });
}

/** The first user message's text, or the first message's: a run's query. */
export function firstMessageText(value: unknown): string | undefined {
  const messages = messagesText(value);
  return (messages.find((message) => message.role === "user") ?? messages[0])?.text;
}

/** An agent span's answer: the text of its captured output messages, if any. */
export function answerText(value: unknown): string | undefined {
  const text = messagesText(value)
    .map((message) => message.text)
    .join("\n");
  return text === "" ? undefined : text;
}
