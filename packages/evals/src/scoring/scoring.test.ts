import { describe, expect, it } from "vitest";
import { generateTask } from "../generate-task.js";
import { scoreNumeric } from "./score-numeric.js";
import { parsePairs, scorePairs } from "./score-pairs.js";
import { scoreSniah } from "./score-sniah.js";
import { scoreTask } from "./score-task.js";

describe("scorers", () => {
  it("scores S-NIAH by containment", () => {
    expect(scoreSniah("The number is 1234567.", "1234567")).toBe(1);
    expect(scoreSniah("1234568", "1234567")).toBe(0);
  });

  it("scores numbers with 0.75^|error| on the first number", () => {
    expect(scoreNumeric("42", 42)).toBe(1);
    expect(scoreNumeric("Answer: 40 data points (not 42)", 42)).toBe(0.5625);
    expect(scoreNumeric("1,203", 1_204)).toBe(0.75);
    expect(scoreNumeric("none", 3)).toBe(0);
  });

  it("parses pairs from free text, order inside a pair ignored", () => {
    const pairs = parsePairs("(12345, 23456)\n34567-23456, (11111,22222); 99999 and 88888");
    expect([...pairs].sort()).toEqual(["11111,22222", "12345,23456", "23456,34567", "88888,99999"]);
  });

  it("scores pairs by F1", () => {
    const expected: [string, string][] = [
      ["10000", "20000"],
      ["10000", "30000"],
      ["20000", "30000"],
      ["30000", "40000"],
    ];
    expect(
      scorePairs("(10000, 20000), (30000, 10000), (20000, 30000), (30000, 40000)", expected),
    ).toBe(1);
    // 2 of 3 listed are right; 2 of 4 expected found: P = 2/3, R = 1/2, F1 = 4/7.
    expect(scorePairs("10000-20000\n20000-30000\n40000-50000", expected)).toBeCloseTo(4 / 7);
    expect(scorePairs("no pairs", expected)).toBe(0);
    expect(scorePairs("", [])).toBe(1);
  });

  it("scores each family through scoreTask", () => {
    const sniah = generateTask("sniah", { seed: 1, tokens: 2_000 });
    expect(scoreTask(sniah, `It is ${sniah.answer}.`)).toBe(1);
    expect(scoreTask(sniah, "I don't know")).toBe(0);

    const pairs = generateTask("oolong-pairs", { seed: 1, tokens: 8_000 });
    expect(scoreTask(pairs, pairs.answer)).toBe(1);

    for (let seed = 0; seed < 30; seed++) {
      const task = generateTask("oolong", { seed, tokens: 4_000 });
      expect(scoreTask(task, task.answer)).toBe(1);
      if (task.meta.kind === "numeric") {
        expect(scoreTask(task, `Answer: ${Number(task.answer) + 2}`)).toBe(0.5625);
      } else {
        expect(scoreTask(task, `Answer: '${task.answer.toUpperCase()}'.`)).toBe(1);
        expect(scoreTask(task, `The label "${task.answer}"`)).toBe(1);
        expect(scoreTask(task, "banana")).toBe(0);
      }
    }
  });
});
