import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const HOOKS = fileURLToPath(
  new URL("../../../scripts/testing/typescript-source-hooks.mjs", import.meta.url),
);
const SCRIPT = fileURLToPath(new URL("./fixtures/host-memory-run.ts", import.meta.url));

// ARCH: string lengths alone cannot show what a run keeps alive: a head and tail sliced from
// a prompt can hold the whole prompt. The heap after a forced collection can, and only a
// process of its own has a heap that holds nothing else.
describe("host memory per run", () => {
  it("2,000 sub-calls with 100,000-character prompts keep the heap within the README's bound", () => {
    const run = spawnSync(
      process.execPath,
      [
        "--expose-gc",
        "--import",
        HOOKS,
        "--conditions=@rlm/source",
        SCRIPT,
        "2000",
        "100000",
        "20000",
      ],
      { encoding: "utf8", timeout: 300_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    const figures = JSON.parse(run.stdout) as {
      answer: string;
      retainedBytes: number;
      boundBytes: number;
    };
    console.log(`host memory: ${JSON.stringify(figures)}`);
    expect(figures.answer).toBe("2000");
    // Uncapped, the prompts and replies the events hold would be ~480 MB.
    expect(figures.retainedBytes).toBeLessThanOrEqual(figures.boundBytes);
  }, 300_000);
});
