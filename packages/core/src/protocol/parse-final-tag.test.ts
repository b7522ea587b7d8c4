import { describe, expect, it } from "vitest";
import { parseFinalTag } from "./parse-final-tag.js";

describe("parseFinalTag", () => {
  it("reads FINAL(answer) up to the matching parenthesis", () => {
    expect(parseFinalTag("Done. FINAL(42 (approximately)) thanks")).toEqual({
      kind: "value",
      text: "42 (approximately)",
    });
  });

  it("unquotes a quoted answer", () => {
    expect(parseFinalTag('FINAL("a \\"quoted\\" answer")')).toEqual({
      kind: "value",
      text: 'a "quoted" answer',
    });
  });

  it("falls back to the last parenthesis when the answer does not balance", () => {
    expect(parseFinalTag("FINAL(a :( b)")).toEqual({ kind: "value", text: "a :( b" });
  });

  it("reads FINAL_VAR(name) with or without quotes", () => {
    expect(parseFinalTag("FINAL_VAR(result)")).toEqual({ kind: "variable", name: "result" });
    expect(parseFinalTag("FINAL_VAR('result')")).toEqual({ kind: "variable", name: "result" });
    expect(parseFinalTag("FINAL_VAR(not a name)")).toBeUndefined();
  });

  it("ignores look-alikes and text without a tag", () => {
    expect(parseFinalTag("MY_FINAL(x)")).toBeUndefined();
    expect(parseFinalTag("The final answer is near")).toBeUndefined();
  });

  it("takes the first tag", () => {
    expect(parseFinalTag("FINAL_VAR(a) then FINAL(b)")).toEqual({ kind: "variable", name: "a" });
  });
});
