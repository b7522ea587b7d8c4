import { checkBase64Image, type RecordedImage, type RequestCheck } from "../request-images.js";

/**
 * Checks what Anthropic checks about image blocks and `output_config.format` of a Messages
 * request; other fields pass unchecked.
 */
export function checkAnthropicRequest(json: unknown): RequestCheck {
  const body = (json ?? {}) as Record<string, unknown>;
  const images: RecordedImage[] = [];
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (const [index, message] of messages.entries()) {
    const { role, content } = (message ?? {}) as { role?: unknown; content?: unknown };
    if (!Array.isArray(content)) continue;
    for (const [blockIndex, block] of content.entries()) {
      const path = `messages.${index}.content.${blockIndex}`;
      const problem = checkBlock({ block: block ?? {}, role, path, images });
      if (problem) return { error: problem };
    }
  }
  const format = (body.output_config as { format?: unknown } | undefined)?.format;
  if (format === undefined || format === null) return { images };
  const { type, schema } = format as { type?: unknown; schema?: unknown };
  if (type !== "json_schema") {
    return { error: `output_config.format.type: Input should be 'json_schema'` };
  }
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    return { error: "output_config.format.schema: Field required" };
  }
  const problem = openObjectPath(schema, "output_config.format.schema");
  if (problem) {
    return {
      error: `${problem}: For 'object' type, 'additionalProperties' must be explicitly set to false`,
    };
  }
  return { images, structuredOutput: { schema } };
}

function checkBlock(options: {
  block: Record<string, unknown>;
  role: unknown;
  path: string;
  images: RecordedImage[];
}): string | undefined {
  const { block, path } = options;
  if (block.type === "text" && typeof block.text !== "string")
    return `${path}.text: Field required`;
  if (block.type !== "image") return undefined;
  if (options.role !== "user") return `${path}: Image blocks are only allowed in user messages`;
  const source = (block.source ?? {}) as Record<string, unknown>;
  if (source.type === "url" && typeof source.url === "string") return undefined;
  if (source.type !== "base64") {
    return `${path}.image.source: Input tag '${String(source.type)}' found using 'type' does not match any of the expected tags: 'base64', 'url', 'file'`;
  }
  const checked = checkBase64Image(source.media_type, source.data);
  if ("error" in checked) return `${path}.image.source.base64: ${checked.error}`;
  options.images.push(checked.image);
  return undefined;
}

/** The path of the first object schema that is not closed, as Anthropic requires them all to be. */
function openObjectPath(node: unknown, path: string): string | undefined {
  if (node === null || typeof node !== "object") return undefined;
  if (Array.isArray(node)) {
    for (const [index, entry] of node.entries()) {
      const problem = openObjectPath(entry, `${path}.${index}`);
      if (problem) return problem;
    }
    return undefined;
  }
  const schema = node as Record<string, unknown>;
  if (schema.type === "object" && schema.additionalProperties !== false) return path;
  for (const keyword of ["properties", "$defs", "definitions"]) {
    for (const [name, child] of Object.entries((schema[keyword] ?? {}) as object)) {
      const problem = openObjectPath(child, `${path}.${keyword}.${name}`);
      if (problem) return problem;
    }
  }
  for (const keyword of ["items", "anyOf", "allOf"]) {
    const problem = openObjectPath(schema[keyword], `${path}.${keyword}`);
    if (problem) return problem;
  }
  return undefined;
}
