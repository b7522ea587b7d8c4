import type { StandardJSONSchemaV1, StandardSchemaV1 } from "@standard-schema/spec";

export type AnswerValidation = { ok: true; value: unknown } | { ok: false; issues: string[] };

/** Validates a `FINAL` value against a Standard Schema (zod, valibot, arktype, ...). */
export async function validateAnswer(
  schema: StandardSchemaV1,
  value: unknown,
): Promise<AnswerValidation> {
  const result = await schema["~standard"].validate(value);
  if (!result.issues) return { ok: true, value: result.value };
  return {
    ok: false,
    issues: result.issues.map((issue) => {
      const path = (issue.path ?? [])
        .map((segment) => String(typeof segment === "object" ? segment.key : segment))
        .join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    }),
  };
}

/** The schema as JSON Schema text for the prompt, when the library can produce one. */
export function describeAnswerSchema(schema: StandardSchemaV1): string | undefined {
  const converter = (schema["~standard"] as Partial<StandardJSONSchemaV1.Props>).jsonSchema;
  if (!converter) return undefined;
  try {
    return JSON.stringify(converter.output({ target: "draft-2020-12" }));
  } catch {
    return undefined;
  }
}

/** A text-tag answer is JSON when a schema is expected; otherwise the raw text is the value. */
export function parseTextAnswer(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
