import { describe, expect, it } from "vitest";
import { truncateOutput } from "./truncate-output.js";

describe("truncateOutput", () => {
  it("leaves short text alone", () => {
    expect(truncateOutput("short", 10)).toBe("short");
  });

  it("keeps the head and the tail with a marker saying how much was cut", () => {
    const text = `HEAD${"x".repeat(10_000)}TAIL`;
    const cut = truncateOutput(text, 100);
    expect(cut.startsWith("HEAD")).toBe(true);
    expect(cut.endsWith("TAIL")).toBe(true);
    expect(cut).toContain("[... 9,908 characters omitted ...]");
    expect(cut.length).toBeLessThan(160);
  });
});
