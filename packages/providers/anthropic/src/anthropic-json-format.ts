import { jsonSchemaOutputFormat } from "@anthropic-ai/sdk/helpers/json-schema";
import type { GenerateRequest } from "@rlm/core";
import { toObjectRootSchema } from "@rlm/provider-utils";

/** A request's `responseFormat`, resolved into what the Messages API takes. */
export type AnthropicJsonFormat =
  | {
      /** Sent as `output_config.format`. */
      outputFormat: { type: "json_schema"; schema: Record<string, unknown> };
      /** The reply's JSON text in the shape of the caller's schema. */
      unwrapText(text: string): string;
    }
  | {
      /** A schema the structured-output grammar cannot hold: asked for in the system prompt. */
      instruction: string;
      unwrapText(text: string): string;
    };

/**
 * Structured outputs take a subset of JSON Schema with an object at the root and every object
 * closed. The SDK's own transform (`jsonSchemaOutputFormat`) closes objects and moves the
 * constraints the grammar lacks (`minimum`, `maxLength`, ...) into descriptions; core still
 * validates the reply against the full schema. A non-object root is wrapped in `{ value }`.
 * A schema the transform refuses (a property with no type, say) is asked for in the prompt.
 */
export function toAnthropicJsonFormat(
  responseFormat: NonNullable<GenerateRequest["responseFormat"]>,
): AnthropicJsonFormat {
  const root = toObjectRootSchema(responseFormat.schema);
  try {
    const format = jsonSchemaOutputFormat(root.schema as { type: "object" });
    return {
      outputFormat: { type: "json_schema", schema: format.schema as Record<string, unknown> },
      unwrapText: root.unwrapText,
    };
  } catch {
    return {
      instruction: `Reply with only a JSON value, no prose and no code fence, that matches this JSON Schema:\n${JSON.stringify(responseFormat.schema)}`,
      unwrapText: (text) => text,
    };
  }
}
