import { checkImageDataUrl, type RecordedImage, type RequestCheck } from "../request-images.js";
import type { RecordedStructuredOutput } from "../structured-output.js";

/** What a valid request carried; an invalid one gets a 400 naming the bad field instead. */
export type OpenAIRequestCheck = RequestCheck<{
  message: string;
  param: string;
  code: string | null;
}>;

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Checks what OpenAI checks about image parts and structured-output fields of a Chat
 * Completions (`endpoint: "chat"`) or Responses request; other fields pass unchecked.
 */
export function checkOpenAIRequest(
  endpoint: "chat" | "responses",
  json: unknown,
): OpenAIRequestCheck {
  const body = (json ?? {}) as Record<string, unknown>;
  const images: RecordedImage[] = [];
  const chat = endpoint === "chat";
  const items = chat ? body.messages : body.input;
  const itemsName = chat ? "messages" : "input";
  for (const [index, item] of (Array.isArray(items) ? items : []).entries()) {
    const { role, content } = (item ?? {}) as { role?: unknown; content?: unknown };
    if (!Array.isArray(content)) continue;
    for (const [partIndex, part] of content.entries()) {
      const param = `${itemsName}[${index}].content[${partIndex}]`;
      const rules = chat ? CHAT_PARTS : RESPONSES_PARTS;
      const problem = checkPart({ part, role, images, rules });
      if (problem) return { error: { message: problem, param, code: "invalid_value" } };
    }
  }
  const format = chat
    ? body.response_format
    : (body.text as { format?: unknown } | undefined)?.format;
  if (format === undefined) return { images };
  const formatParam = chat ? "response_format" : "text.format";
  const checked = checkFormat({ format, chat, param: formatParam });
  if ("error" in checked) return checked;
  return {
    images,
    ...(checked.structuredOutput ? { structuredOutput: checked.structuredOutput } : {}),
  };
}

/** How an endpoint spells its content parts. */
interface PartRules {
  types: readonly string[];
  text: string;
  image: string;
  imageUrl(part: Record<string, unknown>): unknown;
}

const CHAT_PARTS: PartRules = {
  types: ["text", "image_url", "input_audio", "file", "refusal"],
  text: "text",
  image: "image_url",
  imageUrl: (part) => (part.image_url as { url?: unknown } | undefined)?.url,
};

const RESPONSES_PARTS: PartRules = {
  types: ["input_text", "input_image", "input_file", "output_text", "refusal"],
  text: "input_text",
  image: "input_image",
  imageUrl: (part) => part.image_url,
};

const IMAGE_DETAILS = ["low", "high", "auto", "original"];

function checkPart(options: {
  part: unknown;
  role: unknown;
  images: RecordedImage[];
  rules: PartRules;
}): string | undefined {
  const { rules } = options;
  const part = (options.part ?? {}) as Record<string, unknown>;
  if (!rules.types.includes(String(part.type))) {
    const supported = rules.types.map((type) => `'${type}'`).join(", ");
    return `Invalid value: '${String(part.type)}'. Supported values are: ${supported}.`;
  }
  if (part.type === rules.text && typeof part.text !== "string") {
    return "Missing required parameter: 'text'.";
  }
  if (part.type !== rules.image) return undefined;
  if (options.role !== "user") {
    return `${rules.image} is only allowed in user messages, not ${String(options.role)}.`;
  }
  if (part.detail !== undefined && !IMAGE_DETAILS.includes(String(part.detail))) {
    return `Invalid value: '${String(part.detail)}' for detail.`;
  }
  return checkImageUrl(rules.imageUrl(part), options.images);
}

/** A remote URL passes (it is not fetched); a data URL must hold a real image of its type. */
function checkImageUrl(url: unknown, images: RecordedImage[]): string | undefined {
  if (typeof url === "string" && /^https?:\/\//.test(url)) return undefined;
  const checked = checkImageDataUrl(url);
  if ("error" in checked) {
    return `Invalid image: ${checked.error}. Supported formats are png, jpeg, gif and webp, as a URL or a base64 data URL.`;
  }
  images.push(checked.image);
  return undefined;
}

function checkFormat(options: {
  format: unknown;
  chat: boolean;
  param: string;
}):
  | { structuredOutput?: RecordedStructuredOutput }
  | Extract<OpenAIRequestCheck, { error: unknown }> {
  const { chat, param } = options;
  const format = (options.format ?? {}) as Record<string, unknown>;
  const invalid = (message: string, code: string | null = null) => ({
    error: { message, param, code },
  });
  if (format.type === "text" || format.type === "json_object") return {};
  if (format.type !== "json_schema") {
    return invalid(
      `Invalid value: '${String(format.type)}'. Supported values are: 'text', 'json_object' and 'json_schema'.`,
    );
  }
  // Chat nests the schema's fields under `json_schema`; the Responses API puts them beside `type`.
  const fields = (chat ? format.json_schema : format) as Record<string, unknown> | undefined;
  if (typeof fields?.name !== "string" || !NAME.test(fields.name)) {
    return invalid(
      `Invalid '${param}${chat ? ".json_schema" : ""}.name': must be 1-64 characters of a-z, A-Z, 0-9, _ and -.`,
    );
  }
  const schema = fields.schema as Record<string, unknown> | undefined;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    return invalid(`Missing required parameter: '${param}${chat ? ".json_schema" : ""}.schema'.`);
  }
  const prefix = `Invalid schema for response_format '${fields.name}'`;
  if (schema.type !== "object") {
    return invalid(
      `${prefix}: schema must be a JSON Schema of 'type: "object"', got 'type: "${String(schema.type)}"'.`,
      "invalid_json_schema",
    );
  }
  const strict = fields.strict === true;
  if (strict) {
    const problem = strictSchemaProblem(schema, []);
    if (problem) return invalid(`${prefix}: ${problem}`, "invalid_json_schema");
  }
  return {
    structuredOutput: {
      schema,
      name: fields.name,
      ...(typeof fields.strict === "boolean" ? { strict: fields.strict } : {}),
    },
  };
}

/** Strict mode's rule: every object closed (`additionalProperties: false`), every property required. */
function strictSchemaProblem(node: unknown, path: readonly string[]): string | undefined {
  if (node === null || typeof node !== "object") return undefined;
  if (Array.isArray(node)) {
    for (const [index, entry] of node.entries()) {
      const problem = strictSchemaProblem(entry, [...path, String(index)]);
      if (problem) return problem;
    }
    return undefined;
  }
  const schema = node as Record<string, unknown>;
  const context = `In context=(${path.map((part) => `'${part}'`).join(", ")})`;
  if (schema.type === "object" || schema.properties !== undefined) {
    if (schema.additionalProperties !== false) {
      return `${context}, 'additionalProperties' is required to be supplied and to be false.`;
    }
    const keys = Object.keys((schema.properties ?? {}) as object);
    const required = Array.isArray(schema.required) ? schema.required : [];
    const missing = keys.find((key) => !required.includes(key));
    if (missing !== undefined) {
      return `${context}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'.`;
    }
  }
  for (const keyword of ["properties", "$defs", "definitions"]) {
    for (const [name, child] of Object.entries((schema[keyword] ?? {}) as object)) {
      const problem = strictSchemaProblem(child, [...path, keyword, name]);
      if (problem) return problem;
    }
  }
  for (const keyword of ["items", "anyOf"]) {
    const problem = strictSchemaProblem(schema[keyword], [...path, keyword]);
    if (problem) return problem;
  }
  return undefined;
}
