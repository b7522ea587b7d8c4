/** A 1x1 red PNG, for tests that send an image. */
export const SAMPLE_PNG: Uint8Array = new Uint8Array(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
    "base64",
  ),
);

/** The start of a JPEG (its SOI and JFIF markers): enough for a server that checks the format. */
export const SAMPLE_JPEG: Uint8Array = new Uint8Array([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
  0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
]);

/** A user turn (core's `Message` shape) with text and both sample images, in that order. */
export const SAMPLE_IMAGE_TURN = {
  role: "user",
  content: [
    { type: "text", text: "Total of these two receipts?" },
    { type: "image", data: SAMPLE_PNG, mediaType: "image/png" },
    { type: "text", text: "and" },
    { type: "image", data: SAMPLE_JPEG, mediaType: "image/jpeg" },
  ],
} as const;

/** A JSON schema every provider's structured output takes as it is (strict mode included). */
export const SAMPLE_RECEIPT_SCHEMA = {
  type: "object",
  properties: { total: { type: "number" }, currency: { type: "string" } },
  required: ["total", "currency"],
  additionalProperties: false,
};
