import { describe, expect, it } from "vitest";
import { CHARS_PER_TOKEN } from "../tokens.js";
import { generateSniah } from "./generate-sniah.js";

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe("generateSniah", () => {
  it("is a pure function of the seed", () => {
    expect(generateSniah({ seed: 7, tokens: 8_000 })).toEqual(
      generateSniah({ seed: 7, tokens: 8_000 }),
    );
    expect(generateSniah({ seed: 8, tokens: 8_000 }).context).not.toBe(
      generateSniah({ seed: 7, tokens: 8_000 }).context,
    );
  });

  it.each([2_000, 8_000, 128_000, 1_000_000])("builds %i tokens within 2%%", (tokens) => {
    const task = generateSniah({ seed: 1, tokens });
    expect(Math.abs(task.context.length / CHARS_PER_TOKEN / tokens - 1)).toBeLessThan(0.02);
  });

  it.each([1, 2, 3, 4, 5])("places exactly one needle naming the key (seed %i)", (seed) => {
    const task = generateSniah({ seed, tokens: 32_000 });
    const { key } = task.meta;
    expect(key).toMatch(/^[a-z]+-[a-z]+$/);
    expect(task.query).toBe(
      `What is the special magic number for ${key} mentioned in the context?`,
    );
    expect(task.answer).toMatch(/^\d{7}$/);
    expect(occurrences(task.context, key)).toBe(1);
    expect(occurrences(task.context, task.answer)).toBe(1);
    expect(occurrences(task.context, "special magic number")).toBe(1);
    const needle = `One of the special magic numbers for ${key} is: ${task.answer}.`;
    expect(task.context.slice(task.meta.needleOffset).startsWith(needle)).toBe(true);
    // At a sentence boundary: the context starts there or a sentence ended just before.
    const before = task.context.slice(0, task.meta.needleOffset);
    expect(before === "" || /[.!?]\s+$/.test(before)).toBe(true);
  });

  it("honours depth", () => {
    expect(generateSniah({ seed: 3, tokens: 16_000, depth: 0 }).meta.needleOffset).toBe(0);
    expect(generateSniah({ seed: 3, tokens: 16_000, depth: 0.5 }).meta.depth).toBeCloseTo(0.5, 1);
    expect(generateSniah({ seed: 3, tokens: 16_000, depth: 1 }).meta.depth).toBeGreaterThan(0.98);
    expect(() => generateSniah({ seed: 3, tokens: 1_000, depth: 2 })).toThrow(RangeError);
  });

  it("fills with varied sentences, not one repeated line", () => {
    const sentences = generateSniah({ seed: 2, tokens: 20_000 }).context.split(/(?<=\.)\s+/);
    expect(new Set(sentences).size).toBeGreaterThan(sentences.length * 0.8);
  });
});
