export type { AnyTask } from "./generate-task.js";
export { generateTask, TASK_FAMILIES } from "./generate-task.js";
export type {
  OolongAnswerKind,
  OolongMeta,
  OolongQuestion,
  OolongTask,
} from "./oolong/generate-oolong.js";
export { COMPARISONS, generateOolong, labelCounts } from "./oolong/generate-oolong.js";
export type {
  OolongPairsMeta,
  OolongPairsTask,
  PairCondition,
} from "./oolong/generate-oolong-pairs.js";
export { expectedPairs, generateOolongPairs } from "./oolong/generate-oolong-pairs.js";
export { INSTANCE_TEMPLATES, instanceText } from "./oolong/instance-templates.js";
export type { Label, LabelledRecord } from "./oolong/labels.js";
export { LABEL_INSTRUCTIONS, LABELS } from "./oolong/labels.js";
export type { Random, Seed } from "./random.js";
export { createRandom } from "./random.js";
export { normaliseAnswer, scoreExactChoice } from "./scoring/normalise-answer.js";
export { scoreNumeric } from "./scoring/score-numeric.js";
export { parsePairs, scorePairs } from "./scoring/score-pairs.js";
export { scoreSniah } from "./scoring/score-sniah.js";
export { scoreTask } from "./scoring/score-task.js";
export type { SniahMeta, SniahOptions, SniahTask } from "./sniah/generate-sniah.js";
export { generateSniah, sniahNeedle } from "./sniah/generate-sniah.js";
export type { Task, TaskFamily, TaskMetaBase, TaskOptions } from "./task.js";
export { CHARS_PER_TOKEN, charsForTokens, parseTokenCount } from "./tokens.js";
