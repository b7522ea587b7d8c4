import type { RecordedStructuredOutput } from "./structured-output.js";

/**
 * What checking a request found: the images and structured-output request it carried, or,
 * for a request the real API would refuse, the error to answer with (a 400).
 */
export type RequestCheck<RequestError = string> =
  | { images: RecordedImage[]; structuredOutput?: RecordedStructuredOutput }
  | { error: RequestError };

/** An image a request carried, decoded from its base64. */
export interface RecordedImage {
  mediaType: string;
  data: Uint8Array;
}

/** The media types every provider accepts for images. */
export const IMAGE_MEDIA_TYPES: readonly string[] = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
];

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 decoded, or `undefined` when the text is not valid base64 (as APIs refuse it). */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, "base64"));
}

/** The image format the bytes start with, as providers check it against the declared type. */
export function sniffImageMediaType(bytes: Uint8Array): string | undefined {
  const starts = (...signature: number[]) => signature.every((byte, at) => bytes[at] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  const riff = starts(0x52, 0x49, 0x46, 0x46);
  const webp = [0x57, 0x45, 0x42, 0x50].every((byte, at) => bytes[8 + at] === byte);
  if (riff && webp) return "image/webp";
  return undefined;
}

/**
 * Checks base64 image data declared as `mediaType` the way the APIs do: a supported type,
 * valid base64, and bytes that are an image of that type. Returns the image, or what is wrong.
 */
export function checkBase64Image(
  mediaType: unknown,
  data: unknown,
): { image: RecordedImage } | { error: string } {
  if (typeof mediaType !== "string" || !IMAGE_MEDIA_TYPES.includes(mediaType)) {
    return { error: `unsupported image media type ${JSON.stringify(mediaType)}` };
  }
  const bytes = typeof data === "string" ? decodeBase64(data) : undefined;
  if (!bytes || bytes.length === 0) return { error: "the image data is not valid base64" };
  const actual = sniffImageMediaType(bytes);
  if (actual !== mediaType) {
    return { error: `the image data is ${actual ?? "not an image"}, not ${mediaType}` };
  }
  return { image: { mediaType, data: bytes } };
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

/** A `data:<type>;base64,<data>` image URL checked like `checkBase64Image`. */
export function checkImageDataUrl(url: unknown): { image: RecordedImage } | { error: string } {
  if (typeof url !== "string") return { error: "the image URL is not a string" };
  const match = DATA_URL.exec(url);
  if (!match) return { error: "the image URL is not a base64 data URL" };
  return checkBase64Image(match[1], match[2]);
}
