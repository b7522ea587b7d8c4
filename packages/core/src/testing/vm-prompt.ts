import { parseImageDataUrl } from "../model/image-media-type.js";
import type { ContentPart } from "../model/message.js";
import type { SubCallPrompt } from "../sandbox/sandbox.js";
import { isBytes } from "./vm-values.js";

/**
 * A prompt as REPL code gives it, as the host bridge takes it: a string, or a list of parts
 * where a part is a string, `{ type: "text", text }` or `{ type: "image", data, mediaType? }`
 * with `data` a `Uint8Array` or a base64 data URL. An image without a media type keeps none:
 * core tells it from the bytes and applies the image caps.
 */
export function promptFromCode(prompt: unknown): SubCallPrompt {
  if (!Array.isArray(prompt)) return String(prompt);
  return Array.from(prompt, (part: unknown, index): ContentPart => {
    if (typeof part === "string") return { type: "text", text: part };
    const fields = (typeof part === "object" && part !== null ? part : {}) as Record<
      string,
      unknown
    >;
    if (fields.type === "text") return { type: "text", text: String(fields.text) };
    if (fields.type === "image") {
      const { data, mediaType } = fields;
      const bytes = typeof data === "string" ? parseImageDataUrl(data) : undefined;
      if (bytes || isBytes(data)) {
        // The media type is core's to check (or to tell from the bytes when there is none).
        const given = mediaType ?? bytes?.mediaType;
        const image = {
          type: "image",
          data: bytes ? bytes.data : new Uint8Array(data as Uint8Array),
          ...(given !== undefined ? { mediaType: given } : {}),
        };
        return image as unknown as ContentPart;
      }
      throw new TypeError(
        `The prompt's part ${index} is an image whose data is neither a Uint8Array nor a data URL string.`,
      );
    }
    throw new TypeError(
      `The prompt's part ${index} must be a string, { type: "text", text } or { type: "image", data, mediaType? }.`,
    );
  });
}
