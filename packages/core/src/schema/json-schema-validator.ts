import { type OutputUnit, type Schema, Validator } from "@cfworker/json-schema";
import type { JsonSchema } from "../model/language-model.js";
import { jsonSchemaProblems } from "./json-schema-problems.js";

export type JsonSchemaValidation = { ok: true; value: unknown } | { ok: false; errors: string[] };

/** Errors listed in one validation result; the rest are counted. */
const MAX_ERRORS = 10;

/**
 * Keywords whose failure only says that something inside failed: the failures inside are
 * the ones reported.
 */
const CONTAINER_KEYWORDS = new Set([
  "properties",
  "patternProperties",
  "items",
  "prefixItems",
  "additionalItems",
  "unevaluatedItems",
  "contains",
  "allOf",
  "$ref",
  "$recursiveRef",
  "$dynamicRef",
  "dependentSchemas",
  "if",
  "then",
  "else",
  "propertyNames",
  "false",
]);

/** Keywords whose own failure is clearer than the failures of their branches. */
const BRANCH_KEYWORDS = new Set(["anyOf", "oneOf", "not"]);

const validators = new WeakMap<object, Validator>();

/**
 * Validates `value` against a JSON Schema (draft 2020-12). Errors name where the value is
 * wrong with a path such as `$.items[0].price` and say what was expected:
 * `$.items[0].price: expected number, got string`.
 *
 * Throws an `Error` listing what is wrong when `schema` itself is not a valid JSON Schema;
 * a schema is checked once, the first time it is used.
 */
export function validateJsonSchema(schema: JsonSchema, value: unknown): JsonSchemaValidation {
  const result = validatorFor(schema).validate(value);
  if (result.valid) return { ok: true, value };
  return { ok: false, errors: describeErrors(schema, result.errors) };
}

/** Throws an `Error` listing what is wrong when `schema` is not a valid JSON Schema. */
export function assertJsonSchema(schema: unknown): asserts schema is JsonSchema {
  validatorFor(schema);
}

function validatorFor(schema: unknown): Validator {
  const known = typeof schema === "object" && schema !== null ? validators.get(schema) : undefined;
  if (known) return known;
  const problems = jsonSchemaProblems(schema);
  if (problems.length > 0) throw invalidSchemaError(problems);
  const validator = new Validator(schema as Schema, "2020-12", false);
  try {
    // Resolves every `$ref` the schema's root reaches, so a dangling one fails here.
    validator.validate(null);
  } catch (error) {
    throw invalidSchemaError([error instanceof Error ? firstLine(error.message) : String(error)]);
  }
  validators.set(schema as object, validator);
  return validator;
}

function invalidSchemaError(problems: readonly string[]): Error {
  return new Error(
    `The schema is not a valid JSON Schema: ${problems.join("; ")}. Pass a JSON Schema object such as { type: "object", properties: { name: { type: "string" } }, required: ["name"] }.`,
  );
}

function firstLine(text: string): string {
  return text.split("\n")[0]?.trim() ?? text;
}

function describeErrors(schema: JsonSchema, units: readonly OutputUnit[]): string[] {
  const branches = units
    .filter((unit) => BRANCH_KEYWORDS.has(unit.keyword))
    .map((unit) => `${unit.keywordLocation}/`);
  const errors: string[] = [];
  for (const unit of units) {
    if (CONTAINER_KEYWORDS.has(unit.keyword)) continue;
    // An `additionalProperties` schema's own failures say what is wrong; only `false` forbids.
    if (
      unit.keyword === "additionalProperties" &&
      atPointer(schema, unit.keywordLocation) !== false
    )
      continue;
    if (branches.some((branch) => unit.keywordLocation.startsWith(branch))) continue;
    const error = `${instancePath(unit.instanceLocation)}: ${describeError(unit)}`;
    if (!errors.includes(error)) errors.push(error);
  }
  if (errors.length === 0) errors.push("$: the value does not match the schema");
  if (errors.length <= MAX_ERRORS) return errors;
  return [...errors.slice(0, MAX_ERRORS), `and ${errors.length - MAX_ERRORS} more errors`];
}

/** The part of `schema` a JSON Pointer (`#/properties/items/additionalProperties`) names. */
function atPointer(schema: unknown, pointer: string): unknown {
  let value = schema;
  for (const encoded of pointer.replace(/^#\/?/, "").split("/")) {
    if (encoded === "") continue;
    const key = decodeURIComponent(encoded).replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** `#/items/0/price` as `$.items[0].price`. */
function instancePath(location: string): string {
  let path = "$";
  for (const encoded of location.replace(/^#\/?/, "").split("/")) {
    if (encoded === "") continue;
    const segment = decodeURIComponent(encoded).replaceAll("~1", "/").replaceAll("~0", "~");
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

function describeError(unit: OutputUnit): string {
  if (unit.keyword === "type") {
    const match = /type "(\w+)" is invalid\. Expected "([^"]+)"/.exec(unit.error);
    if (match) return `expected ${match[2]}, got ${match[1]}`;
  }
  if (unit.keyword === "required") {
    const match = /required property "(.*)"\.$/.exec(unit.error);
    if (match) return `missing required property "${match[1]}"`;
  }
  if (unit.keyword === "additionalProperties") {
    const match = /^Property "(.*)" does not match additional properties schema\.$/.exec(
      unit.error,
    );
    if (match) return `property "${match[1]}" is not allowed`;
  }
  const text = unit.error.replace(/\.$/, "");
  return text.charAt(0).toLowerCase() + text.slice(1);
}
