import { describe, expect, it } from "vitest";
import { CHARS_PER_TOKEN } from "../tokens.js";
import { COMPARISONS, generateOolong } from "./generate-oolong.js";
import { INSTANCE_TEMPLATES } from "./instance-templates.js";
import { LABELS, type Label, type LabelledRecord } from "./labels.js";
import { MAX_LINE_CHARS } from "./records.js";

const count = (records: LabelledRecord[], keep: (record: LabelledRecord) => boolean) =>
  records.filter(keep).length;

/** The expected answer computed afresh from the records, not with the generator's code. */
function recompute(
  question: ReturnType<typeof generateOolong>["meta"]["question"],
  records: LabelledRecord[],
) {
  const of = (label: Label) => count(records, (record) => record.label === label);
  switch (question.type) {
    case "label-count":
      return String(of(question.label));
    case "user-label-count":
      return String(
        count(
          records,
          (record) => record.user === question.user && record.label === question.label,
        ),
      );
    case "compare": {
      const [left, right] = [of(question.label), of(question.other)];
      return left > right
        ? "more common than"
        : left < right
          ? "less common than"
          : "same frequency as";
    }
    case "most-common":
      return [...LABELS].sort((left, right) => of(right) - of(left))[0];
  }
}

describe("generateOolong", () => {
  it("is a pure function of the seed", () => {
    expect(generateOolong({ seed: 5, tokens: 8_000 })).toEqual(
      generateOolong({ seed: 5, tokens: 8_000 }),
    );
  });

  it.each([2_000, 8_000, 128_000, 1_000_000])("builds %i tokens within 2%%", (tokens) => {
    const task = generateOolong({ seed: 1, tokens });
    expect(Math.abs(task.context.length / CHARS_PER_TOKEN / tokens - 1)).toBeLessThan(0.02);
  });

  it("writes one line per record, in the OOLONG format, with no labels", () => {
    const task = generateOolong({ seed: 11, tokens: 64_000 });
    const lines = task.context.split("\n");
    expect(lines).toHaveLength(task.meta.records.length);
    const lower = task.context.toLowerCase();
    for (const label of LABELS) expect(lower).not.toContain(label);
    for (const [index, line] of lines.entries()) {
      const record = task.meta.records[index]!;
      expect(line.length).toBeLessThan(MAX_LINE_CHARS);
      expect(line).toMatch(
        /^Date: [A-Z][a-z]{2} \d{2}, \d{4} \|\| User: \d{5} \|\| Instance: .+\?$/,
      );
      expect(line.startsWith(`Date: ${record.date} || User: ${record.user} || Instance: `)).toBe(
        true,
      );
    }
  });

  it("skews labels and varies instance text", () => {
    const { records } = generateOolong({ seed: 4, tokens: 200_000 }).meta;
    const shares = LABELS.map(
      (label) => count(records, (record) => record.label === label) / records.length,
    );
    expect(Math.max(...shares)).toBeGreaterThan(1.5 * Math.min(...shares));
    expect(new Set(records.map((record) => record.user)).size).toBeGreaterThan(8);
    expect(new Set(records.map((record) => record.date)).size).toBeGreaterThan(500);
    expect(Object.values(INSTANCE_TEMPLATES).every((templates) => templates.length >= 3)).toBe(
      true,
    );
  });

  it("answers every question kind correctly", () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const task = generateOolong({ seed, tokens: 4_000 });
      seen.add(task.meta.question.type);
      expect(task.answer).toBe(recompute(task.meta.question, task.meta.records));
      if (task.meta.kind === "comparison") expect(COMPARISONS).toContain(task.answer);
      if (task.meta.kind === "label") expect(LABELS).toContain(task.answer);
      expect(task.query).toContain("'human being'");
    }
    expect(seen).toEqual(new Set(["label-count", "user-label-count", "compare", "most-common"]));
  });
});
