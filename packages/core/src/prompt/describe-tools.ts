import type { SandboxLanguage } from "../sandbox/sandbox.js";
import type { ToolDescription } from "../tools/resolve-tools.js";

type Schema = Readonly<Record<string, unknown>>;

/** Nesting shown in a signature; deeper values are summarized as `object` / `dict`. */
const MAX_DEPTH = 4;

const NAMES = {
  javascript: {
    string: "string",
    number: "number",
    integer: "number",
    boolean: "boolean",
    null: "null",
    object: "object",
    any: "any",
  },
  python: {
    string: "str",
    number: "float",
    integer: "int",
    boolean: "bool",
    null: "None",
    object: "dict",
    any: "Any",
  },
} as const;

/**
 * The "Host tools" lines of the system prompt: one line per tool with its signature and
 * description, and a line per described argument. A JavaScript tool takes one object
 * (`await search({ query: string, limit?: number })`); a Python tool takes the same fields as
 * keyword arguments (`search(query: str, limit: int = None)`) or one dict.
 */
export function describeTools(
  language: SandboxLanguage,
  tools: readonly ToolDescription[],
): string {
  if (tools.length === 0) return "";
  const validated = tools.some((tool) => tool.validated);
  const header =
    language === "python"
      ? `- Host tools (no \`await\` needed; pass keyword arguments or one dict${validated ? "; arguments are checked against each tool's schema and a mismatch raises an error naming the field" : ""}):`
      : `- Host tools (async, one argument${validated ? "; arguments are checked against each tool's schema and a mismatch rejects with an error naming the field" : ""}):`;
  return `\n${header}${tools.map((tool) => `\n${describeTool(language, tool)}`).join("")}`;
}

/** How the model calls the tool, e.g. `await search({ query: string })` or `search(query: str)`. */
export function toolSignature(language: SandboxLanguage, tool: ToolDescription): string {
  return language === "python" ? pythonSignature(tool) : `await ${javascriptSignature(tool)}`;
}

function describeTool(language: SandboxLanguage, tool: ToolDescription): string {
  const signature = toolSignature(language, tool);
  const description = tool.description ? `: ${oneLine(tool.description)}` : "";
  const fields = Object.entries(propertiesOf(tool.inputSchema) ?? {})
    .filter(([, field]) => typeof field.description === "string")
    .map(([key, field]) => `\n    - \`${key}\`: ${oneLine(String(field.description))}`);
  return `  - \`${signature}\`${description}${fields.join("")}`;
}

function javascriptSignature(tool: ToolDescription): string {
  if (!tool.inputSchema) return `${tool.name}(args)`;
  const properties = propertiesOf(tool.inputSchema);
  if (properties && Object.keys(properties).length === 0) return `${tool.name}()`;
  const type = typeText(tool.inputSchema, "javascript", 0);
  return properties ? `${tool.name}(${type})` : `${tool.name}(args: ${type})`;
}

function pythonSignature(tool: ToolDescription): string {
  const schema = tool.inputSchema;
  if (!schema) return `${tool.name}(args)`;
  const properties = propertiesOf(schema);
  if (!properties) return `${tool.name}(args: ${typeText(schema, "python", 0)})`;
  const required = requiredOf(schema);
  const entries = Object.entries(properties);
  // Required parameters first, as Python orders them.
  const parameters = [
    ...entries
      .filter(([key]) => required.has(key))
      .map(([key, field]) => `${key}: ${typeText(field, "python", 1)}`),
    ...entries
      .filter(([key]) => !required.has(key))
      .map(([key, field]) => `${key}: ${typeText(field, "python", 1)} = None`),
  ];
  return `${tool.name}(${parameters.join(", ")})`;
}

/** A JSON Schema as a short type expression in the REPL's language. */
function typeText(schema: unknown, language: SandboxLanguage, depth: number): string {
  const names = NAMES[language];
  if (typeof schema !== "object" || schema === null) return names.any;
  const node = schema as Schema;
  if ("const" in node) return literal(node.const, language);
  if (Array.isArray(node.enum))
    return node.enum.map((value) => literal(value, language)).join(" | ");
  const union = (node.anyOf ?? node.oneOf) as unknown;
  if (Array.isArray(union)) {
    return union.map((member) => typeText(member, language, depth)).join(" | ");
  }
  if (typeof node.$ref === "string") return node.$ref.split("/").at(-1) || names.any;
  if (Array.isArray(node.type)) {
    return node.type.map((type) => typeText({ ...node, type }, language, depth)).join(" | ");
  }
  switch (node.type) {
    case "string":
    case "number":
    case "integer":
    case "boolean":
    case "null":
      return names[node.type];
    case "array": {
      const items = typeText(node.items, language, depth + 1);
      if (language === "python") return `list[${items}]`;
      return items.includes(" ") ? `(${items})[]` : `${items}[]`;
    }
    default:
      return objectText(node, language, depth);
  }
}

function objectText(node: Schema, language: SandboxLanguage, depth: number): string {
  const names = NAMES[language];
  const properties = propertiesOf(node);
  if (properties && depth < MAX_DEPTH) {
    const required = requiredOf(node);
    const fields = Object.entries(properties).map(([key, field]) => {
      const name = language === "python" ? JSON.stringify(key) : key;
      const optional = required.has(key) ? "" : "?";
      return `${name}${optional}: ${typeText(field, language, depth + 1)}`;
    });
    return fields.length ? `{ ${fields.join(", ")} }` : "{}";
  }
  const values = node.additionalProperties;
  if (typeof values === "object" && values !== null && depth < MAX_DEPTH) {
    const valueType = typeText(values, language, depth + 1);
    return language === "python" ? `dict[str, ${valueType}]` : `Record<string, ${valueType}>`;
  }
  return node.type === "object" || properties ? names.object : names.any;
}

function propertiesOf(schema: unknown): Record<string, Schema> | undefined {
  const properties = (schema as Schema | undefined)?.properties;
  return typeof properties === "object" && properties !== null
    ? (properties as Record<string, Schema>)
    : undefined;
}

function requiredOf(schema: Schema): Set<string> {
  return new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
}

function literal(value: unknown, language: SandboxLanguage): string {
  if (language === "python") {
    if (value === null) return "None";
    if (value === true) return "True";
    if (value === false) return "False";
  }
  return JSON.stringify(value) ?? "undefined";
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The tools a prompt lists: `info.tools`, or plain entries for `info.toolNames`. */
export function toolDescriptions(info: {
  toolNames: readonly string[];
  tools?: readonly ToolDescription[];
}): readonly ToolDescription[] {
  return info.tools ?? info.toolNames.map((name) => ({ name, validated: false }));
}
