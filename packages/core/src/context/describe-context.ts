import type { Context } from "./context.js";

/** Constant-size metadata about a context: what the root model sees instead of the context. */
export interface ContextDescription {
  kind: "string" | "list" | "json";
  /** Characters of the whole context (of its JSON text for JSON values). */
  totalChars: number;
  /** For a list: the number of items and the lengths of the first ones. */
  itemCount?: number;
  itemLengths?: { first: number[]; min: number; max: number };
  /** The first characters of the context. */
  preview: string;
}

const PREVIEW_CHARS = 300;
const LISTED_ITEM_LENGTHS = 10;

export function describeContext(context: Context): ContextDescription {
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

/** The description as the text of the first user message. */
export function formatContextDescription(
  description: ContextDescription,
  /** The variable that holds it: `context`, or `context_1`, ... added by a session. */
  name = "context",
): string {
  const size = description.totalChars.toLocaleString("en-US");
  const lines: string[] = [];
  if (description.kind === "string") {
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
