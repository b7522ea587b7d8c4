import type { JsonSchema } from "@rlm/core";

/** The property a non-object schema is wrapped in. */
const WRAPPER_PROPERTY = "value";

/** A schema whose root is an object, and how to turn the reply back into the original shape. */
export interface ObjectRootSchema {
  schema: JsonSchema;
  /** True when `schema` wraps the original one in `{ value: ... }`. */
  wrapped: boolean;
  /** The reply text for the original schema: unwraps `{"value": ...}` when it was wrapped. */
  unwrapText(text: string): string;
}

/**
 * OpenAI's and Anthropic's structured outputs take only an object at the root. Any other
 * schema (an array, a number, a union) is sent as `{ value: <schema> }`, all required and
 * closed, and the reply's `value` is handed back, so callers see the shape they asked for.
 */
export function toObjectRootSchema(schema: JsonSchema): ObjectRootSchema {
  if (schema.type === "object") {
    return { schema, wrapped: false, unwrapText: (text) => text };
  }
  // Definitions stay at the root, where local `$ref`s ("#/$defs/...") point.
  const { $defs, definitions, $schema: _dialect, ...inner } = schema;
  return {
    schema: {
      type: "object",
      properties: { [WRAPPER_PROPERTY]: inner },
      required: [WRAPPER_PROPERTY],
      additionalProperties: false,
      ...($defs !== undefined ? { $defs } : {}),
      ...(definitions !== undefined ? { definitions } : {}),
    },
    wrapped: true,
    unwrapText: unwrapValue,
  };
}

/** `{"value": X}` -> the JSON text of X; anything else is returned untouched for core to judge. */
function unwrapValue(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return text;
  if (!Object.hasOwn(parsed, WRAPPER_PROPERTY)) return text;
  return JSON.stringify((parsed as Record<string, unknown>)[WRAPPER_PROPERTY]);
}
