import type { Seed } from "./random.js";

export type TaskFamily = "sniah" | "oolong" | "oolong-pairs";

/** What every generator takes: a seed and a context length in tokens. */
export interface TaskOptions {
  seed: Seed;
  /** Context length in tokens (`CHARS_PER_TOKEN` characters each). */
  tokens: number;
}

/**
 * One generated task. `answer` is the key, a string for every family so harnesses can
 * print and store it uniformly; structured keys live in `meta`.
 */
export interface Task<Family extends TaskFamily, Meta> {
  family: Family;
  context: string;
  query: string;
  answer: string;
  meta: Meta;
}

export interface TaskMetaBase {
  seed: Seed;
  tokens: number;
  /** Actual context length in characters. */
  chars: number;
}
