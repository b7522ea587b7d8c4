import { truncateOutput } from "../prompt/truncate-output.js";

/** The content fields of events: texts a model or model code wrote, of any length. */
const TEXT_FIELDS = [
  "query",
  "code",
  "output",
  "error",
  "prompt",
  "text",
  "result",
  "answer",
  "final",
  "args",
  "summary",
] as const;

/** Characters a cut text gains from the marker saying how much was left out (at most). */
export const CUT_MARKER_CHARS = 60;

interface TextSlot {
  length: number;
  set: (text: string) => void;
  text: string;
}

/**
 * The event with its content cut to at most `maxChars` characters of text in all, plus
 * `CUT_MARKER_CHARS` per text that was cut: each text keeps its head and its tail, and short
 * texts keep all of theirs while long ones share what is left. An event within the cap is
 * returned as it is. The answer a run returns is never cut, only what its events keep.
 */
export function capEventText<T extends object>(event: T, maxChars: number): T {
  // Most events are well within the cap: they are counted without copying anything.
  if (maxChars === Number.POSITIVE_INFINITY || textChars(event) <= maxChars) return event;
  const copy = { ...event } as Record<string, unknown>;
  const slots: TextSlot[] = [];
  for (const field of TEXT_FIELDS) {
    const value = copy[field];
    if (typeof value === "string") {
      slots.push({ text: value, length: value.length, set: (text) => (copy[field] = text) });
    }
  }
  if (Array.isArray(copy.messages)) {
    const messages = (copy.messages as { role: string; content: string }[]).map((message) => ({
      ...message,
    }));
    copy.messages = messages;
    for (const message of messages) {
      slots.push({
        text: message.content,
        length: message.content.length,
        set: (text) => (message.content = text),
      });
    }
  }
  const result = copy.result;
  if (typeof result === "object" && result !== null && "answer" in result) {
    const summary = { ...(result as { answer: unknown }) };
    copy.result = summary;
    if (typeof summary.answer === "string") {
      slots.push({
        text: summary.answer,
        length: summary.answer.length,
        set: (text) => (summary.answer = text),
      });
    }
  }
  let total = 0;
  for (const slot of slots) total += slot.length;
  if (total <= maxChars) return event;
  // Shortest first: each takes what it needs up to an equal share of what is left.
  slots.sort((a, b) => a.length - b.length);
  let left = maxChars;
  for (const [index, slot] of slots.entries()) {
    const share = Math.floor(left / (slots.length - index));
    const kept = Math.min(slot.length, share);
    left -= kept;
    if (kept < slot.length) slot.set(truncateOutput(slot.text, kept));
  }
  return copy as T;
}

/** The characters of an event's texts, as `capEventText` counts them. */
function textChars(event: object): number {
  const fields = event as Record<string, unknown>;
  let total = 0;
  for (const field of TEXT_FIELDS) {
    const value = fields[field];
    if (typeof value === "string") total += value.length;
  }
  if (Array.isArray(fields.messages)) {
    for (const message of fields.messages as { content: string }[]) total += message.content.length;
  }
  const result = fields.result;
  if (typeof result === "object" && result !== null && "answer" in result) {
    const answer = (result as { answer: unknown }).answer;
    if (typeof answer === "string") total += answer.length;
  }
  return total;
}
