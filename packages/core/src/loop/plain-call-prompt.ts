import type { Context } from "../context/context.js";
import { formatBytes } from "../model/format-bytes.js";
import { sniffImageMediaType } from "../model/image-media-type.js";
import type { ContentPart } from "../model/message.js";
import type { SubCallPrompt } from "../sandbox/sandbox.js";

/**
 * The prompt of `rlm_query` at `maxDepth`, where it is a plain call: the prompt with the
 * context after it. Text and JSON are appended as text; binary items that are images are
 * sent as image parts, other binary items as a line saying what was left out.
 */
export function plainCallPrompt(prompt: string, context: Context): SubCallPrompt {
  const items = context instanceof Uint8Array ? [context] : Array.isArray(context) ? context : [];
  if (!items.some((item) => item instanceof Uint8Array)) {
    const text = typeof context === "string" ? context : JSON.stringify(context);
    return `${prompt}\n\n${text}`;
  }
  const parts: ContentPart[] = [{ type: "text", text: prompt }];
  for (const item of items) {
    if (!(item instanceof Uint8Array)) {
      parts.push({ type: "text", text: typeof item === "string" ? item : JSON.stringify(item) });
      continue;
    }
    const mediaType = sniffImageMediaType(item);
    parts.push(
      mediaType
        ? { type: "image", data: item, mediaType }
        : { type: "text", text: `[binary data of ${formatBytes(item.length)} left out]` },
    );
  }
  return parts;
}
