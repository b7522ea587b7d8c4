import { generateOolong, type OolongTask } from "./oolong/generate-oolong.js";
import { generateOolongPairs, type OolongPairsTask } from "./oolong/generate-oolong-pairs.js";
import { generateSniah, type SniahTask } from "./sniah/generate-sniah.js";
import type { TaskFamily, TaskOptions } from "./task.js";

export type AnyTask = SniahTask | OolongTask | OolongPairsTask;

export const TASK_FAMILIES: readonly TaskFamily[] = ["sniah", "oolong", "oolong-pairs"];

/** Generates a task of `family`; the same seed and size always give the same task. */
export function generateTask(family: "sniah", options: TaskOptions): SniahTask;
export function generateTask(family: "oolong", options: TaskOptions): OolongTask;
export function generateTask(family: "oolong-pairs", options: TaskOptions): OolongPairsTask;
export function generateTask(family: TaskFamily, options: TaskOptions): AnyTask;
export function generateTask(family: TaskFamily, options: TaskOptions): AnyTask {
  switch (family) {
    case "sniah":
      return generateSniah(options);
    case "oolong":
      return generateOolong(options);
    case "oolong-pairs":
      return generateOolongPairs(options);
    default:
      throw new RangeError(`Unknown task family: ${String(family)}`);
  }
}
