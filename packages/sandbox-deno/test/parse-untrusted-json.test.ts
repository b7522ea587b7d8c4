import { describe, expect, it } from "vitest";
import { parseUntrustedJson } from "../src/parse-untrusted-json.js";

describe("parseUntrustedJson", () => {
  it("parses ordinary JSON, brackets and quotes inside strings included", () => {
    const value = { a: [1, "x,]}[{", 'q"uote\\\\', { b: null }], c: "\\\\" };
    expect(parseUntrustedJson(JSON.stringify(value), "The value")).toEqual(value);
  });

  it("refuses nesting past 500 levels, before parsing", () => {
    expect(parseUntrustedJson(`${"[".repeat(500)}${"]".repeat(500)}`, "The value")).toBeDefined();
    expect(() =>
      parseUntrustedJson(`${"[".repeat(501)}${"]".repeat(501)}`, "The FINAL value"),
    ).toThrow("The FINAL value is nested more than 500 levels deep.");
  });

  it("refuses more than ten million values without building them", () => {
    // A 100-million-element array made V8 abort the whole host process inside JSON.parse.
    const huge = `[${"0,".repeat(10_000_001)}0]`;
    expect(() => parseUntrustedJson(huge, "The sub-context")).toThrow(
      /The sub-context holds more than 10,000,000 values/,
    );
    const commasInStrings = JSON.stringify(["a,".repeat(10_000_001)]);
    expect(parseUntrustedJson(commasInStrings, "The value")).toHaveLength(1);
  });

  it("still reports text that is not JSON", () => {
    expect(() => parseUntrustedJson("{oops", "The value")).toThrow(SyntaxError);
  });
});
