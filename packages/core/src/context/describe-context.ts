import { formatBytes } from "../model/format-bytes.js";
import { sniffImageMediaType } from "../model/image-media-type.js";
import type { Context } from "./context.js";

/** Constant-size metadata about a context: what the root model sees instead of the context. */
export interface ContextDescription {
  /** `binary`: one byte array; a list holding some is a `list` with `binary` set. */
  kind: "string" | "list" | "json" | "binary";
  /** Characters of the whole context (of its JSON text for JSON values), bytes left out. */
  totalChars: number;
  /** The binary items (byte arrays): how many, their bytes in all, and their media types. */
  binary?: BinaryItems;
  /** For a list: the number of items and the lengths of the first ones. */
  itemCount?: number;
  itemLengths?: { first: number[]; min: number; max: number };
  /** The first characters of the context. */
  preview: string;
}

export interface BinaryItems {
  count: number;
  totalBytes: number;
  /** How many items are of each media type told from the bytes; `unknown` for the rest. */
  mediaTypes: Record<string, number>;
}

const PREVIEW_CHARS = 300;
const LISTED_ITEM_LENGTHS = 10;

export function describeContext(context: Context): ContextDescription {
  if (context instanceof Uint8Array) {
    return { kind: "binary", totalChars: 0, binary: binaryItems([context]), preview: "" };
  }
  if (Array.isArray(context) && context.some((item) => item instanceof Uint8Array)) {
    return describeMixedList(context);
  }
  if (typeof context === "string") {
    return { kind: "string", totalChars: context.length, preview: context.slice(0, PREVIEW_CHARS) };
  }
  if (Array.isArray(context) && context.every((item) => typeof item === "string")) {
    const items = context as readonly string[];
    let totalChars = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    for (const item of items) {
      totalChars += item.length;
      min = Math.min(min, item.length);
      max = Math.max(max, item.length);
    }
    return {
      kind: "list",
      totalChars,
      itemCount: items.length,
      itemLengths: {
        first: items.slice(0, LISTED_ITEM_LENGTHS).map((item) => item.length),
        min: items.length ? min : 0,
        max,
      },
      preview: (items[0] ?? "").slice(0, PREVIEW_CHARS),
    };
  }
  const json = JSON.stringify(context) ?? "null";
  return { kind: "json", totalChars: json.length, preview: json.slice(0, PREVIEW_CHARS) };
}

function binaryItems(items: readonly Uint8Array[]): BinaryItems {
  const mediaTypes: Record<string, number> = {};
  let totalBytes = 0;
  for (const item of items) {
    totalBytes += item.length;
    const mediaType = sniffImageMediaType(item) ?? "unknown";
    mediaTypes[mediaType] = (mediaTypes[mediaType] ?? 0) + 1;
  }
  return { count: items.length, totalBytes, mediaTypes };
}

/** A list with byte arrays in it: the byte arrays summed up, the other items by size. */
function describeMixedList(items: readonly unknown[]): ContextDescription {
  const bytes = items.filter((item): item is Uint8Array => item instanceof Uint8Array);
  const others = items.filter((item) => !(item instanceof Uint8Array));
  let totalChars = 0;
  for (const item of others) {
    totalChars += typeof item === "string" ? item.length : (JSON.stringify(item) ?? "").length;
  }
  const firstText = others.find((item) => typeof item === "string") as string | undefined;
  return {
    kind: "list",
    totalChars,
    itemCount: items.length,
    binary: binaryItems(bytes),
    preview: (firstText ?? "").slice(0, PREVIEW_CHARS),
  };
}

function formatBinary(binary: BinaryItems): string {
  const types = Object.entries(binary.mediaTypes)
    .map(([mediaType, count]) => (count === binary.count ? mediaType : `${count} ${mediaType}`))
    .join(", ");
  return `${binary.count.toLocaleString("en-US")} binary (${types}, ${formatBytes(binary.totalBytes)} total)`;
}

/** The description as the text of the first user message. */
export function formatContextDescription(
  description: ContextDescription,
  /** The variable that holds it: `context`, or `context_1`, ... added by a session. */
  name = "context",
): string {
  const size = description.totalChars.toLocaleString("en-US");
  const lines: string[] = [];
  const { binary } = description;
  if (description.kind === "binary" && binary) {
    const mediaType = Object.keys(binary.mediaTypes)[0];
    lines.push(
      `\`${name}\` is binary data (a Uint8Array, \`bytes\` in Python): ${formatBytes(binary.totalBytes)}, ${mediaType === "unknown" ? "of a type not told from its first bytes" : mediaType}.`,
    );
    return lines.join("\n");
  }
  if (description.kind === "list" && binary) {
    const count = description.itemCount ?? binary.count;
    const rest = count - binary.count;
    const others = rest > 0 ? `, ${rest.toLocaleString("en-US")} other (${size} characters)` : "";
    lines.push(
      `\`${name}\` is an array of ${count.toLocaleString("en-US")} items: ${formatBinary(binary)}${others}. Binary items are Uint8Arrays (\`bytes\` in Python); pass images to llm_query as image parts.`,
    );
    if (!description.preview) return lines.join("\n");
  } else if (description.kind === "string") {
    lines.push(`\`${name}\` is a string of ${size} characters.`);
  } else if (description.kind === "list") {
    const lengths = description.itemLengths;
    lines.push(
      `\`${name}\` is an array of ${description.itemCount?.toLocaleString("en-US")} strings, ${size} characters in all.`,
    );
    if (lengths) {
      lines.push(
        `Item lengths: min ${lengths.min}, max ${lengths.max}; the first ${lengths.first.length}: ${lengths.first.join(", ")}.`,
      );
    }
  } else {
    lines.push(`\`${name}\` is a parsed JSON value (${size} characters as JSON).`);
  }
  const cut = description.preview.length < description.totalChars ? " (cut)" : "";
  lines.push(`Preview${cut}:\n"""\n${description.preview}\n"""`);
  return lines.join("\n");
}
