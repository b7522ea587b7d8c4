import { describe, expect, it } from "vitest";
import { generateTask, TASK_FAMILIES } from "./generate-task.js";

describe("generateTask", () => {
  it.each(TASK_FAMILIES)("generates %s deterministically", (family) => {
    const task = generateTask(family, { seed: "abc", tokens: 4_000 });
    expect(task.family).toBe(family);
    expect(task).toEqual(generateTask(family, { seed: "abc", tokens: 4_000 }));
    expect(task.answer.length).toBeGreaterThan(0);
  });

  // How long it takes is measured by `BENCH_ONLY=generation pnpm --filter @rlm/bench bench`.
  it.each(TASK_FAMILIES)("builds 16M tokens of %s at the size asked for", (family) => {
    const task = generateTask(family, { seed: 1, tokens: 16_000_000 });
    expect(task.context.length).toBeGreaterThan(0.98 * 64_000_000);
  });
});
