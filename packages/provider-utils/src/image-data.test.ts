import { describe, expect, it } from "vitest";
import { bytesToBase64, imageDataUrl } from "./image-data.js";

describe("bytesToBase64", () => {
  it("encodes every byte value, and only the view's bytes of a larger buffer", () => {
    const all = Uint8Array.from({ length: 256 }, (_, index) => index);
    expect(Buffer.from(bytesToBase64(all), "base64")).toEqual(Buffer.from(all));
    const view = new Uint8Array(all.buffer, 10, 3);
    expect(bytesToBase64(view)).toBe(Buffer.from([10, 11, 12]).toString("base64"));
  });
});

describe("imageDataUrl", () => {
  it("names the media type and carries the bytes base64-encoded", () => {
    const data = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    expect(imageDataUrl({ type: "image", data, mediaType: "image/png" })).toBe(
      "data:image/png;base64,iVBORw==",
    );
  });
});
