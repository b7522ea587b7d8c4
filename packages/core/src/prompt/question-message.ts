import type { Context } from "../context/context.js";
import { describeContext, formatContextDescription } from "../context/describe-context.js";

export interface QuestionMessageOptions {
  query: string;
  /** The context loaded as `context`; given only on the first question of a conversation. */
  context?: Context;
  /** Contexts loaded with this question under their own names (`context_1`, ...). */
  addedContexts?: readonly { name: string; context: Context }[];
  /** The question's number in a session; 1 and undefined open a conversation. */
  number?: number;
  /** JSON Schema of this question's answer; the system prompt states the first question's. */
  answerSchema?: string;
}

/**
 * The user message that asks a question: the metadata of the contexts (never the contexts)
 * and the query. A later question of a session says that the REPL kept its state.
 */
export function questionMessage(options: QuestionMessageOptions): string {
  const parts: string[] = [];
  if (options.number !== undefined && options.number > 1) {
    parts.push(
      `This is query ${options.number} of this session. The REPL is as you left it: \`context\` and every variable you defined still hold their values, and \`query\` now holds this query.`,
    );
  }
  if (options.context !== undefined) {
    parts.push(formatContextDescription(describeContext(options.context)));
  }
  for (const added of options.addedContexts ?? []) {
    parts.push(
      `Loaded with this query:\n${formatContextDescription(describeContext(added.context), added.name)}`,
    );
  }
  parts.push(`Query: ${options.query}`);
  if (options.number !== undefined && options.number > 1) {
    parts.push(
      options.answerSchema
        ? `The answer to this query must be a value matching this JSON Schema; pass the value itself to FINAL:\n${options.answerSchema}`
        : "The answer to this query is a string (other values are JSON-encoded).",
    );
  }
  return parts.join("\n\n");
}
