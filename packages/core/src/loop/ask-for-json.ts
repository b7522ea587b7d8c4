import { StructuredOutputError } from "../errors/structured-output-error.js";
import type { JsonSchema } from "../model/language-model.js";
import type { ContentPart, Message } from "../model/message.js";
import type { SubCallPrompt } from "../sandbox/sandbox.js";
import { validateJsonSchema } from "../schema/json-schema-validator.js";
import { parseJsonReply } from "../schema/parse-json-reply.js";
import type { CallModelOptions } from "./call-model.js";
import { callSubModel } from "./call-sub-model.js";
import type { RunState } from "./run-state.js";

/** Model requests of one typed sub-call: the first and at most two retries. */
export const STRUCTURED_OUTPUT_ATTEMPTS = 3;

/**
 * A typed sub-call's reply: asks `model` for JSON matching `schema` (natively through
 * `responseFormat` when the model has `supportsStructuredOutput`, else with the schema in
 * the prompt), parses and validates the reply, and asks again, told what was wrong, when it
 * does not match. Each attempt is a normal model request: counted, costed and announced.
 * Throws a `StructuredOutputError` after `STRUCTURED_OUTPUT_ATTEMPTS` failed attempts.
 */
export async function askForJson(
  run: RunState,
  options: Omit<CallModelOptions, "messages" | "responseFormat"> & {
    prompt: SubCallPrompt;
    schema: JsonSchema;
    /** The REPL function the call came from, for the error. */
    call: "llm_query" | "rlm_query";
  },
): Promise<unknown> {
  const { prompt, schema, call, ...callOptions } = options;
  const native = options.model.supportsStructuredOutput === true;
  const messages: Message[] = [
    { role: "user", content: native ? prompt : withSchemaInstruction(prompt, schema) },
  ];
  let errors: string[] = [];
  let reply = "";
  for (let attempt = 1; attempt <= STRUCTURED_OUTPUT_ATTEMPTS; attempt++) {
    const result = await callSubModel(run, {
      ...callOptions,
      messages: [...messages],
      ...(native ? { responseFormat: { type: "json" as const, schema } } : {}),
    });
    reply = result.text;
    const parsed = parseJsonReply(reply);
    const validation = parsed.ok
      ? validateJsonSchema(schema, parsed.value)
      : { ok: false as const, errors: [parsed.error] };
    if (validation.ok) return validation.value;
    errors = validation.errors;
    messages.push(
      { role: "assistant", content: reply },
      {
        role: "user",
        content: `That reply does not match the JSON Schema:\n${errors.map((error) => `- ${error}`).join("\n")}\nReply again with only the corrected JSON value.`,
      },
    );
  }
  throw new StructuredOutputError({
    call,
    attempts: STRUCTURED_OUTPUT_ATTEMPTS,
    errors,
    lastReply: reply,
  });
}

/** The prompt with the request for JSON matching the schema after it. */
function withSchemaInstruction(prompt: SubCallPrompt, schema: JsonSchema): SubCallPrompt {
  const instruction = `Reply with only a JSON value, no prose and no code fence, that matches this JSON Schema:\n${JSON.stringify(schema)}`;
  if (typeof prompt === "string") return `${prompt}\n\n${instruction}`;
  const parts: ContentPart[] = [...prompt, { type: "text", text: instruction }];
  return parts;
}
