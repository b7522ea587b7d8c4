import {
  type ContentPart,
  type Context,
  type ContextItem,
  type JsonSchema,
  parseImageDataUrl,
} from "@rlm/core";
import { parseUntrustedJson } from "./parse-untrusted-json.js";

/** Parts one prompt may have on the wire; core's own caps (16 images) are far below. */
const MAX_PARTS = 1_000;
/** Bytes of one image on the wire; core's own cap (3.75 MiB) is far below and words its refusal. */
const MAX_IMAGE_BYTES = 64 * 1024 * 1024;
/** Characters of a schema's JSON text. */
export const MAX_SCHEMA_CHARS = 1_000_000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** An image part as core takes it; a missing media type is left for core to sniff. */
type LooseImagePart = { type: "image"; data: Uint8Array; mediaType?: string };

/**
 * A sub-call prompt of parts from the REPL (`partsJson`, see `WirePart` in
 * runner/runner-types.d.ts) as core's `ContentPart`s: bytes decoded, data URLs split into
 * bytes and media type. The REPLs refuse malformed parts in the cell already; code that
 * escaped its realm can send anything, so every part is checked again. Throws, naming the
 * part, for a malformed one; media types and image caps are core's to check.
 */
export function decodePromptParts(partsJson: string): ContentPart[] {
  const parts = parseUntrustedJson(partsJson, "The prompt");
  if (!Array.isArray(parts) || parts.length === 0) {
    throw new Error("The prompt's parts must be a non-empty list.");
  }
  if (parts.length > MAX_PARTS) {
    throw new Error(`The prompt has ${parts.length} parts; at most ${MAX_PARTS} are allowed.`);
  }
  return parts.map((part: unknown, index) => decodePart(part, `part ${index}`));
}

function decodePart(part: unknown, where: string): ContentPart {
  if (typeof part !== "object" || part === null || Array.isArray(part)) {
    throw new Error(`The prompt's ${where} is not an object.`);
  }
  const fields = part as Record<string, unknown>;
  if (fields.type === "text") {
    if (typeof fields.text !== "string") throw new Error(`The prompt's ${where} has no text.`);
    return { type: "text", text: fields.text };
  }
  if (fields.type !== "image") {
    throw new Error(`The prompt's ${where} has an unknown type; it must be "text" or "image".`);
  }
  const encoded = typeof fields.url === "string" ? fields.url : fields.base64;
  if (typeof encoded === "string" && (encoded.length / 4) * 3 > MAX_IMAGE_BYTES) {
    throw new Error(
      `The prompt's ${where} is an image of over ${MAX_IMAGE_BYTES / 1024 / 1024} MiB.`,
    );
  }
  const { data, mediaType } =
    typeof fields.url === "string"
      ? imageOfDataUrl(fields.url, where)
      : { data: imageBytes(fields.base64, where), mediaType: fields.mediaType };
  if (mediaType !== undefined && (typeof mediaType !== "string" || mediaType.length > 100)) {
    throw new Error(`The prompt's ${where} has a media type that is not a short string.`);
  }
  const image: LooseImagePart = { type: "image", data };
  if (mediaType !== undefined) image.mediaType = mediaType;
  return image as ContentPart;
}

/** A data URL's bytes and media type (none when it names none), read as core reads them. */
function imageOfDataUrl(url: string, where: string): { data: Uint8Array; mediaType?: string } {
  try {
    const { data, mediaType } = parseImageDataUrl(url);
    return mediaType === "" ? { data } : { data, mediaType };
  } catch (error) {
    throw new Error(`The prompt's ${where} is refused: ${(error as Error).message}`);
  }
}

function imageBytes(base64: unknown, where: string): Uint8Array {
  if (typeof base64 !== "string" || !BASE64.test(base64)) {
    throw new Error(`The prompt's ${where} is an image whose data is not base64.`);
  }
  return decodeBase64(base64);
}

/**
 * An `rlm_query` sub-context from the REPL: `contextJson`, or `binaryContextJson` for one
 * holding bytes (`WireSubContext` in runner/runner-types.d.ts); undefined for none.
 */
export function decodeSubContext(call: {
  contextJson?: string;
  binaryContextJson?: string;
}): Context | undefined {
  if (call.contextJson !== undefined) {
    return parseUntrustedJson(call.contextJson, "The sub-context") as Context;
  }
  if (call.binaryContextJson === undefined) return undefined;
  const wire = parseUntrustedJson(call.binaryContextJson, "The sub-context");
  const fields = (typeof wire === "object" && wire !== null ? wire : {}) as Record<string, unknown>;
  if (typeof fields.base64 === "string") return subContextBytes(fields.base64, "The sub-context");
  if (!Array.isArray(fields.items)) {
    throw new Error("The sub-context must be bytes or a list of items.");
  }
  return fields.items.map((item: unknown, index): ContextItem => {
    const entry = (typeof item === "object" && item !== null ? item : {}) as Record<
      string,
      unknown
    >;
    if (typeof entry.base64 === "string") {
      return subContextBytes(entry.base64, `Item ${index} of the sub-context`);
    }
    return (entry.value ?? null) as ContextItem;
  });
}

function subContextBytes(base64: string, what: string): Uint8Array {
  if (!BASE64.test(base64)) throw new Error(`${what} is bytes that are not base64.`);
  return decodeBase64(base64);
}

/** Base64 (already checked) as a plain `Uint8Array` over the decoded buffer. */
function decodeBase64(base64: string): Uint8Array {
  const buffer = Buffer.from(base64, "base64");
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

/** A schema from the REPL (`schemaJson`): a JSON object, or an error saying what it must be. */
export function decodeSchema(schemaJson: string): JsonSchema {
  if (schemaJson.length > MAX_SCHEMA_CHARS) {
    throw new Error(
      `The schema has ${schemaJson.length.toLocaleString("en-US")} characters of JSON; at most ${MAX_SCHEMA_CHARS.toLocaleString("en-US")} are allowed.`,
    );
  }
  const schema = parseUntrustedJson(schemaJson, "The schema");
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new Error(
      'The schema must be a JSON Schema object, like { "type": "object", "properties": { ... } }.',
    );
  }
  return schema as JsonSchema;
}
