import { describe, expect, it } from "vitest";
import { describeContext, formatContextDescription } from "./describe-context.js";

describe("describeContext", () => {
  it("describes a long string by size and a short preview only", () => {
    const context = `start ${"filler ".repeat(100_000)} SECRET-END`;
    const text = formatContextDescription(describeContext(context));
    expect(text).toContain(`a string of ${context.length.toLocaleString("en-US")} characters`);
    expect(text).toContain("start filler");
    expect(text).not.toContain("SECRET-END");
    expect(text.length).toBeLessThan(600);
  });

  it("describes a list of strings with item lengths", () => {
    const description = describeContext(["aa", "bbbb", "c"]);
    expect(description).toMatchObject({
      kind: "list",
      totalChars: 7,
      itemCount: 3,
      itemLengths: { first: [2, 4, 1], min: 1, max: 4 },
    });
  });

  it("describes JSON by its serialized size", () => {
    const description = describeContext({ users: [{ id: 1 }] });
    expect(description).toMatchObject({ kind: "json", totalChars: 20 });
  });

  it("describes a byte array by size and the image type told from its bytes", () => {
    const png = new Uint8Array([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      ...new Array(2048).fill(0),
    ]);
    const description = describeContext(png);
    expect(description).toMatchObject({
      kind: "binary",
      binary: { count: 1, totalBytes: 2056, mediaTypes: { "image/png": 1 } },
    });
    expect(formatContextDescription(description)).toBe(
      "`context` is binary data (a Uint8Array, `bytes` in Python): 2.0 KB, image/png.",
    );
  });

  it("counts the binary items of a list by media type", () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
    const other = new Uint8Array([1, 2, 3]);
    const text = formatContextDescription(describeContext([jpeg, jpeg, other]));
    expect(text).toBe(
      "`context` is an array of 3 items: 3 binary (2 image/jpeg, 1 unknown, 11 B total). Binary items are Uint8Arrays (`bytes` in Python); pass images to llm_query as image parts.",
    );
  });
});
