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
});
