import type { GenerateRequest, JsonSchema } from "@rlm/core";
import { toObjectRootSchema } from "@rlm/provider-utils";
import type { ResponseFormatTextJSONSchemaConfig } from "openai/resources/responses/responses";
import type { ResponseFormatJSONSchema } from "openai/resources/shared";

/** A request's `responseFormat`, resolved into what OpenAI's `json_schema` format takes. */
export interface OpenAIJsonFormat {
  /** 1-64 characters of `a-zA-Z0-9_-`, as OpenAI requires. */
  name: string;
  /** The schema with an object at its root (others are wrapped in `{ value }`). */
  schema: JsonSchema;
  /** Strict mode, only for a schema strict mode accepts (see `acceptsStrictMode`). */
  strict: boolean;
  /** The reply's JSON text in the shape of the caller's schema. */
  unwrapText(text: string): string;
}

/**
 * Keywords strict mode rejects; a schema that uses one is sent without `strict` instead of
 * failing with a 400, and core validates the reply either way.
 */
const STRICT_UNSUPPORTED = [
  "allOf",
  "oneOf",
  "not",
  "if",
  "then",
  "else",
  "dependentRequired",
  "dependentSchemas",
  "patternProperties",
  "propertyNames",
  "unevaluatedProperties",
  "unevaluatedItems",
  "prefixItems",
  "contains",
  "uniqueItems",
  "minProperties",
  "maxProperties",
];

export function toOpenAIJsonFormat(
  responseFormat: NonNullable<GenerateRequest["responseFormat"]>,
): OpenAIJsonFormat {
  const root = toObjectRootSchema(responseFormat.schema);
  const name = (responseFormat.name ?? "").replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64);
  return {
    name: name || "response",
    schema: root.schema,
    strict: acceptsStrictMode(root.schema),
    unwrapText: root.unwrapText,
  };
}

/** `response_format` of a Chat Completions request. */
export function chatResponseFormat(format: OpenAIJsonFormat): ResponseFormatJSONSchema {
  const { name, schema, strict } = format;
  return { type: "json_schema", json_schema: { name, schema, strict } };
}

/** `text.format` of a Responses API request. */
export function responsesTextFormat(format: OpenAIJsonFormat): ResponseFormatTextJSONSchemaConfig {
  const { name, schema, strict } = format;
  return { type: "json_schema", name, schema, strict };
}

/**
 * Whether strict mode takes the schema: every object closed (`additionalProperties: false`)
 * with every property required, and no keyword strict mode lacks. Strict mode guarantees the
 * shape; without it OpenAI only aims for it, so only qualifying schemas get it.
 */
export function acceptsStrictMode(node: unknown): boolean {
  if (node === null || typeof node !== "object") return true;
  if (Array.isArray(node)) return node.every(acceptsStrictMode);
  const schema = node as Record<string, unknown>;
  if (STRICT_UNSUPPORTED.some((keyword) => keyword in schema)) return false;
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  if (schema.type === "object" || schema.properties !== undefined) {
    if (schema.additionalProperties !== false) return false;
    const required = Array.isArray(schema.required) ? schema.required : [];
    if (!Object.keys(properties).every((key) => required.includes(key))) return false;
  }
  const children = [
    ...Object.values(properties),
    ...Object.values((schema.$defs ?? {}) as object),
    ...Object.values((schema.definitions ?? {}) as object),
    schema.items,
    schema.anyOf,
  ];
  return children.every(acceptsStrictMode);
}
