import { generateTask, TASK_FAMILIES } from "@rlm/evals";
import { expect, it } from "vitest";
import { benchRuns, median, report, spread, verdict } from "./support/statistics.js";

/**
 * Task generation: how long `generateTask` takes to build a 16M-token context (64 MB) of
 * each family, which `rlm eval` and the scale benchmark do before every run. Target: a few
 * seconds, at most 8 s each.
 */
const TOKENS = 16_000_000;
const TARGET_SECONDS = 8;

it(`generation: ${TOKENS.toLocaleString("en-US")} tokens of each task family`, () => {
  const lines: string[] = [];
  for (const family of TASK_FAMILIES) {
    const seconds: number[] = [];
    for (let run = 0; run < benchRuns(3); run++) {
      const started = performance.now();
      const task = generateTask(family, { seed: run + 1, tokens: TOKENS });
      seconds.push((performance.now() - started) / 1000);
      // The size the caller asked for, within the generators' 2 %.
      expect(task.context.length).toBeGreaterThan(0.98 * 4 * TOKENS);
    }
    lines.push(
      `${family}: ${spread(seconds, "s", 2)} (target <= ${TARGET_SECONDS} s: ${verdict(median(seconds), TARGET_SECONDS)})`,
    );
  }
  report(`Task generation, ${TOKENS.toLocaleString("en-US")} tokens`, lines);
});
