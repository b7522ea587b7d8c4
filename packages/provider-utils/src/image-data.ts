import type { ContentPart } from "@rlm/core";

/** An image part of a message, as core gives it. */
export type ImagePart = Extract<ContentPart, { type: "image" }>;

/** The bytes as standard base64 (with padding), what every provider's API takes. */
export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** The image as a `data:` URL, e.g. `data:image/png;base64,iVBOR...` (OpenAI's image parts). */
export function imageDataUrl(image: ImagePart): string {
  return `data:${image.mediaType};base64,${bytesToBase64(image.data)}`;
}
