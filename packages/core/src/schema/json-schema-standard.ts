import type { StandardJSONSchemaV1, StandardSchemaV1 } from "@standard-schema/spec";
import type { JsonSchema } from "../model/language-model.js";
import { validateJsonSchema } from "./json-schema-validator.js";

/**
 * A JSON Schema as a Standard Schema, so that what core does with `CompleteOptions.schema`
 * (validating FINAL, showing the schema in the system prompt) works for the JSON Schema of
 * `rlm_query(prompt, context, { schema })` too.
 */
export function jsonSchemaAsStandardSchema(
  schema: JsonSchema,
): StandardSchemaV1 & StandardJSONSchemaV1 {
  return {
    "~standard": {
      version: 1,
      vendor: "json-schema",
      validate(value) {
        const result = validateJsonSchema(schema, value);
        return result.ok
          ? { value: result.value }
          : { issues: result.errors.map((message) => ({ message })) };
      },
      jsonSchema: {
        input: () => schema,
        output: () => schema,
      },
    },
  };
}
