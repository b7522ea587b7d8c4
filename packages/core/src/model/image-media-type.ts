import type { ImageMediaType } from "./message.js";

/** The media types an image part may have, in the order error messages list them. */
export const IMAGE_MEDIA_TYPES: readonly ImageMediaType[] = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
];

export function isImageMediaType(value: unknown): value is ImageMediaType {
  return IMAGE_MEDIA_TYPES.includes(value as ImageMediaType);
}

/** The image format the bytes start with (PNG, JPEG, GIF or WebP), or `undefined`. */
export function sniffImageMediaType(bytes: Uint8Array): ImageMediaType | undefined {
  const starts = (...signature: number[]) =>
    signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  const riff = starts(0x52, 0x49, 0x46, 0x46);
  const webp = bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50;
  if (riff && webp) return "image/webp";
  return undefined;
}

const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*),/;

/**
 * A base64 data URL (`data:image/png;base64,...`) as bytes and the media type it names
 * (`""` when it names none). White space in the base64 (a wrapped encoding) is ignored.
 * Throws, saying what a data URL must look like, for anything else. Sandboxes read an image
 * part's string `data` from the REPL with it, so every sandbox takes the same data URLs.
 *
 * @example
 * ```ts
 * import { parseImageDataUrl } from "@rlm/core";
 *
 * const { data, mediaType } = parseImageDataUrl("data:image/gif;base64,R0lGODlh");
 * // data: Uint8Array [71, 73, 70, 56, 57, 97], mediaType: "image/gif"
 * ```
 */
export function parseImageDataUrl(url: string): { data: Uint8Array; mediaType: string } {
  const match = DATA_URL.exec(url.slice(0, 200));
  if (!match?.[2]?.split(";").includes("base64")) {
    throw new Error(
      `An image given as a string must be a base64 data URL such as "data:image/png;base64,iVBORw0...", got "${url.slice(0, 40)}${url.length > 40 ? "…" : ""}".`,
    );
  }
  const base64 = url.slice(match[0].length).replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
    throw new Error("The image's data URL does not hold valid base64 after its comma.");
  }
  const buffer = Buffer.from(base64, "base64");
  return {
    data: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length),
    mediaType: match[1] ?? "",
  };
}
