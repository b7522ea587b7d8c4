import type { AnyTask } from "../generate-task.js";
import { COMPARISONS } from "../oolong/generate-oolong.js";
import { LABELS } from "../oolong/labels.js";
import { scoreExactChoice } from "./normalise-answer.js";
import { scoreNumeric } from "./score-numeric.js";
import { scorePairs } from "./score-pairs.js";
import { scoreSniah } from "./score-sniah.js";

/** Scores an answer to any generated task, 0..1, with the family's metric. */
export function scoreTask(task: AnyTask, answer: string): number {
  switch (task.family) {
    case "sniah":
      return scoreSniah(answer, task.answer);
    case "oolong":
      if (task.meta.kind === "numeric") return scoreNumeric(answer, Number(task.answer));
      return scoreExactChoice(
        answer,
        task.answer,
        task.meta.kind === "label" ? LABELS : COMPARISONS,
      );
    case "oolong-pairs":
      return scorePairs(answer, task.meta.pairs);
  }
}
