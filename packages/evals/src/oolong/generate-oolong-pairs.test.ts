import { describe, expect, it } from "vitest";
import { parsePairs } from "../scoring/score-pairs.js";
import { CHARS_PER_TOKEN } from "../tokens.js";
import { generateOolongPairs } from "./generate-oolong-pairs.js";
import { LABELS, type LabelledRecord } from "./labels.js";

/** Users meeting the condition, computed independently of the generator. */
function qualifying(task: ReturnType<typeof generateOolongPairs>): string[] {
  const { condition, records } = task.meta;
  const has = (user: string, label: string, atLeast: number) =>
    records.filter((record: LabelledRecord) => record.user === user && record.label === label)
      .length >= atLeast;
  return [...new Set(records.map((record) => record.user))].filter((user) =>
    condition.type === "at-least-one"
      ? has(user, condition.label, 1)
      : condition.type === "at-least-two"
        ? has(user, condition.label, 2)
        : has(user, condition.label, 1) && has(user, condition.other, 1),
  );
}

describe("generateOolongPairs", () => {
  it("is a pure function of the seed", () => {
    expect(generateOolongPairs({ seed: 2, tokens: 8_000 })).toEqual(
      generateOolongPairs({ seed: 2, tokens: 8_000 }),
    );
  });

  it.each([2_000, 32_000, 1_000_000])("builds %i tokens within 2%%", (tokens) => {
    const task = generateOolongPairs({ seed: 1, tokens });
    expect(Math.abs(task.context.length / CHARS_PER_TOKEN / tokens - 1)).toBeLessThan(0.02);
  });

  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8])("lists the right pairs, few of them (seed %i)", (seed) => {
    const task = generateOolongPairs({ seed, tokens: seed % 2 === 0 ? 16_000 : 500_000 });
    const users = qualifying(task).sort();
    const n = users.length;
    expect(task.meta.pairs).toHaveLength((n * (n - 1)) / 2);
    expect(n).toBeGreaterThanOrEqual(2);
    expect(task.meta.pairs.length).toBeLessThan(200);
    for (const [left, right] of task.meta.pairs) {
      expect(Number(left)).toBeLessThan(Number(right));
      expect(users).toContain(left);
      expect(users).toContain(right);
    }
    expect(parsePairs(task.answer).size).toBe(task.meta.pairs.length);
    const lower = task.context.toLowerCase();
    for (const label of LABELS) expect(lower).not.toContain(label);
    expect(task.query).toContain("lower ID first, no duplicates");
  });
});
