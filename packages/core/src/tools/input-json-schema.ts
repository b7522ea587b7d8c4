import type { StandardJSONSchemaV1, StandardSchemaV1 } from "@standard-schema/spec";
import type { JsonSchema } from "../model/language-model.js";

/**
 * The JSON Schema of what a Standard Schema accepts, for the prompt: the Standard JSON Schema
 * converter (`~standard.jsonSchema`, zod >= 4.2, arktype, ...), else a `toJSONSchema()` method
 * of the schema (older zod 4), else undefined when the library offers neither.
 */
export function inputJsonSchema(schema: StandardSchemaV1): JsonSchema | undefined {
  const converter = (schema["~standard"] as Partial<StandardJSONSchemaV1.Props>).jsonSchema;
  try {
    if (converter) return converter.input({ target: "draft-2020-12" });
    const method = (schema as { toJSONSchema?: unknown }).toJSONSchema;
    if (typeof method === "function") return method.call(schema) as JsonSchema;
  } catch {
    // A schema the library cannot express as JSON Schema (a transform, a custom check).
  }
  return undefined;
}
