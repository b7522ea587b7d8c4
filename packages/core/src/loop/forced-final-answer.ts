import type { StandardSchemaV1 } from "@standard-schema/spec";
import { InvalidAnswerError } from "../errors/invalid-answer-error.js";
import { parseCodeBlocks } from "../protocol/parse-code-blocks.js";
import { parseFinalTag } from "../protocol/parse-final-tag.js";
import type { SandboxSession } from "../sandbox/sandbox.js";
import { parseTextAnswer, validateAnswer } from "../schema/validate-answer.js";

export const FORCE_FINAL_MESSAGE =
  "You have used all your turns. Do not write code. Reply now with your final answer as FINAL(answer) on a line of its own, or FINAL_VAR(name) to return a variable that already holds it, based on what you have found so far.";

/**
 * The answer of a node that ran out of iterations, from the model's last reply: a
 * `FINAL_VAR` names a variable already in the REPL (it wins over anything else), a
 * `FINAL(...)` gives the text, and otherwise the reply's prose is the answer.
 */
export async function forcedFinalAnswer(options: {
  reply: string;
  session: SandboxSession;
  schema?: StandardSchemaV1;
}): Promise<unknown> {
  const { reply, session, schema } = options;
  const prose = parseCodeBlocks(reply, session.language).prose.trim() || reply.trim();
  const tag = parseFinalTag(prose);
  let text = prose;
  // A variable that cannot be the answer (missing, over the FINAL cap) leaves the reply's text.
  if (tag?.kind === "variable")
    text = (await session.readVariable(tag.name).catch(() => undefined)) ?? prose;
  else if (tag?.kind === "value") text = tag.text;
  if (!schema) return text;
  const validation = await validateAnswer(schema, parseTextAnswer(text));
  if (validation.ok) return validation.value;
  throw new InvalidAnswerError({ partialAnswer: text, issues: validation.issues });
}
