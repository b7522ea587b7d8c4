/** The instance types a JSON Schema `type` may name. */
const TYPES = new Set(["array", "boolean", "integer", "null", "number", "object", "string"]);

/** Keywords holding one subschema. */
const SCHEMA_KEYWORDS = [
  "additionalProperties",
  "unevaluatedProperties",
  "items",
  "additionalItems",
  "unevaluatedItems",
  "contains",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
] as const;
/** Keywords holding a list of subschemas. */
const SCHEMA_LIST_KEYWORDS = ["allOf", "anyOf", "oneOf", "prefixItems"] as const;
/** Keywords holding subschemas by name. */
const SCHEMA_MAP_KEYWORDS = [
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
] as const;
/** Keywords holding a number. */
const NUMBER_KEYWORDS = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "minContains",
  "maxContains",
] as const;

/** Problems found in one place of a schema are not looked for past this many. */
const MAX_PROBLEMS = 5;

/**
 * What is wrong with a JSON Schema, each problem with its place in the schema (`#/properties/price/type`);
 * empty when the schema's keywords are well formed. Checks the keywords models and
 * validators rely on, not every rule of the meta-schema.
 */
export function jsonSchemaProblems(schema: unknown): string[] {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    return [`the schema must be an object, got ${describe(schema)}`];
  }
  const problems: string[] = [];
  checkSchema(schema, "#", problems);
  return problems.slice(0, MAX_PROBLEMS);
}

function checkSchema(schema: unknown, at: string, problems: string[]): void {
  if (problems.length >= MAX_PROBLEMS || typeof schema === "boolean") return;
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    problems.push(`${at}: a subschema must be an object or a boolean, got ${describe(schema)}`);
    return;
  }
  const keywords = schema as Record<string, unknown>;
  checkType(keywords.type, `${at}/type`, problems);
  for (const keyword of SCHEMA_KEYWORDS) {
    const value = keywords[keyword];
    if (value === undefined) continue;
    // Draft 4-7 tuple form of `items`.
    if (keyword === "items" && Array.isArray(value)) {
      for (const [index, item] of value.entries())
        checkSchema(item, `${at}/items/${index}`, problems);
    } else checkSchema(value, `${at}/${keyword}`, problems);
  }
  for (const keyword of SCHEMA_LIST_KEYWORDS) {
    const value = keywords[keyword];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.length === 0) {
      problems.push(`${at}/${keyword}: must be a non-empty array of schemas`);
      continue;
    }
    for (const [index, item] of value.entries())
      checkSchema(item, `${at}/${keyword}/${index}`, problems);
  }
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    const value = keywords[keyword];
    if (value === undefined) continue;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push(`${at}/${keyword}: must be an object of schemas, got ${describe(value)}`);
      continue;
    }
    for (const [name, item] of Object.entries(value))
      checkSchema(item, `${at}/${keyword}/${escapePointer(name)}`, problems);
  }
  for (const keyword of NUMBER_KEYWORDS) {
    const value = keywords[keyword];
    if (value !== undefined && typeof value !== "number" && typeof value !== "boolean") {
      problems.push(`${at}/${keyword}: must be a number, got ${describe(value)}`);
    }
  }
  const { required, pattern } = keywords;
  if (
    required !== undefined &&
    !(Array.isArray(required) && required.every((name) => typeof name === "string"))
  ) {
    problems.push(`${at}/required: must be an array of property names`);
  }
  if (keywords.enum !== undefined && !Array.isArray(keywords.enum)) {
    problems.push(`${at}/enum: must be an array of values, got ${describe(keywords.enum)}`);
  }
  if (pattern !== undefined) {
    if (typeof pattern !== "string") problems.push(`${at}/pattern: must be a string`);
    else if (!isRegExp(pattern)) {
      problems.push(`${at}/pattern: ${JSON.stringify(pattern)} is not a valid regular expression`);
    }
  }
}

function checkType(type: unknown, at: string, problems: string[]): void {
  if (type === undefined) return;
  const names = Array.isArray(type) ? type : [type];
  for (const name of names) {
    if (typeof name !== "string" || !TYPES.has(name)) {
      problems.push(
        `${at}: ${JSON.stringify(name)} is not a JSON Schema type (one of ${[...TYPES].join(", ")})`,
      );
    }
  }
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

function escapePointer(name: string): string {
  return name.replaceAll("~", "~0").replaceAll("/", "~1");
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? JSON.stringify(value) : typeof value;
}
