import type { TextReply } from "./text-reply.js";

/** A structured-output request, read from wherever the provider's wire format puts it. */
export interface RecordedStructuredOutput {
  schema: unknown;
  /** The schema's name, when the format has one (OpenAI). */
  name?: string;
  /** Whether strict mode was asked for, when the format has it (OpenAI). */
  strict?: boolean;
}

/**
 * A JSON answer: `value` as the model's reply text, the way a structured-output request gets
 * it (the JSON in the text, in each provider's text reply or stream). The rest is a text reply's.
 */
export interface StructuredReply extends Omit<TextReply, "kind" | "text"> {
  kind: "structured";
  value: unknown;
}

/** The text reply a structured reply is sent as. */
export function structuredAsText(reply: StructuredReply): TextReply {
  const { kind: _kind, value, ...rest } = reply;
  return { ...rest, kind: "text", text: JSON.stringify(value) };
}
