import { createRandom } from "../random.js";
import type { Task, TaskMetaBase, TaskOptions } from "../task.js";
import { charsForTokens } from "../tokens.js";
import { LABEL_INSTRUCTIONS, LABELS, type Label, type LabelledRecord } from "./labels.js";
import { generateRecords, userPool } from "./records.js";

/** How an answer is scored: a number (0.75^|error|), a label or a comparison (exact). */
export type OolongAnswerKind = "numeric" | "label" | "comparison";

export type OolongQuestion =
  | { type: "label-count"; label: Label }
  | { type: "user-label-count"; label: Label; user: string }
  | { type: "compare"; label: Label; other: Label }
  | { type: "most-common" };

export interface OolongMeta extends TaskMetaBase {
  kind: OolongAnswerKind;
  question: OolongQuestion;
  /** The hidden truth of every line, in context order. */
  records: LabelledRecord[];
}

export type OolongTask = Task<"oolong", OolongMeta>;

export const COMPARISONS = ["more common than", "less common than", "same frequency as"] as const;

/**
 * OOLONG-style aggregation: every line must be classified before a question about the
 * label distribution can be answered, so the work grows with the context.
 */
export function generateOolong(options: TaskOptions): OolongTask {
  const { seed, tokens } = options;
  const targetChars = charsForTokens(tokens);
  const random = createRandom(seed).fork("oolong");
  const users = userPool(random.fork("user-pool"), targetChars);
  const { context, records } = generateRecords(users, {
    random: random.fork("records"),
    targetChars,
  });
  const questionRandom = random.fork("question");
  const counts = labelCounts(records);

  let question: OolongQuestion;
  const pick = questionRandom.int(4);
  if (pick === 0) {
    question = { type: "label-count", label: questionRandom.pick(LABELS) };
  } else if (pick === 1) {
    const record = records[questionRandom.int(records.length)];
    question = record
      ? { type: "user-label-count", label: questionRandom.pick(LABELS), user: record.user }
      : { type: "label-count", label: questionRandom.pick(LABELS) };
  } else if (pick === 2) {
    const [label, other] = questionRandom.shuffle([...LABELS]) as [Label, Label];
    question = { type: "compare", label, other };
  } else {
    const sorted = [...counts.values()].sort((left, right) => right - left);
    question =
      sorted[0] !== sorted[1]
        ? { type: "most-common" }
        : { type: "label-count", label: questionRandom.pick(LABELS) };
  }
  const { query, answer, kind } = askAndAnswer(question, records);
  return {
    family: "oolong",
    context,
    query,
    answer,
    meta: { seed, tokens, chars: context.length, kind, question, records },
  };
}

function askAndAnswer(
  question: OolongQuestion,
  records: readonly LabelledRecord[],
): { query: string; answer: string; kind: OolongAnswerKind } {
  const counts = labelCounts(records);
  switch (question.type) {
    case "label-count":
      return {
        kind: "numeric",
        query: `${LABEL_INSTRUCTIONS}\nHow many data points should be classified as label '${question.label}'? Answer with a number.`,
        answer: String(counts.get(question.label)),
      };
    case "user-label-count": {
      const count = records.filter(
        (record) => record.user === question.user && record.label === question.label,
      ).length;
      return {
        kind: "numeric",
        query: `${LABEL_INSTRUCTIONS}\nHow many data points from user ${question.user} should be classified as label '${question.label}'? Answer with a number.`,
        answer: String(count),
      };
    }
    case "compare": {
      const difference = counts.get(question.label)! - counts.get(question.other)!;
      const answer = COMPARISONS[difference > 0 ? 0 : difference < 0 ? 1 : 2];
      return {
        kind: "comparison",
        query: `${LABEL_INSTRUCTIONS}\nIs label '${question.label}' more common than, less common than, or the same frequency as label '${question.other}'? Answer with exactly one of: ${COMPARISONS.map((phrase) => `'${phrase}'`).join(", ")}.`,
        answer,
      };
    }
    case "most-common": {
      const [label] = [...counts.entries()].sort((left, right) => right[1] - left[1])[0]!;
      return {
        kind: "label",
        query: `${LABEL_INSTRUCTIONS}\nWhich label is the most common among all data points? Answer with the label only.`,
        answer: label,
      };
    }
  }
}

/** How many records carry each label (zero for absent labels). */
export function labelCounts(records: readonly LabelledRecord[]): Map<Label, number> {
  const counts = new Map<Label, number>(LABELS.map((label) => [label, 0]));
  for (const record of records) counts.set(record.label, counts.get(record.label)! + 1);
  return counts;
}
