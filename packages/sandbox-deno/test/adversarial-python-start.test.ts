import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { cell, denoChildren, openSession, waitUntil } from "./helpers.js";

/** Two processes that spin until killed: the machine's two cores stay busy. */
function contention(): ChildProcess[] {
  return [0, 1].map(() =>
    spawn(process.execPath, ["-e", "for(;;);"], { stdio: "ignore" }).on("error", () => undefined),
  );
}

describe("adversarial: the idle CPU watchdog and a Pyodide start on a busy machine", () => {
  let spinners: ChildProcess[] = [];
  afterEach(() => {
    for (const spinner of spinners) spinner.kill("SIGKILL");
    spinners = [];
  });

  it("a Pyodide start under CPU contention survives; an escaped spin after a cell is still stopped", async () => {
    spinners = contention();
    // Pyodide spends seconds of CPU starting, before any cell: that is not an escaped loop.
    const { sandbox, session } = await openSession({
      sandbox: { language: "python" },
    });
    try {
      for (let round = 0; round < 3; round++) {
        const result = await cell(session, "kept = 41\nkept + 1", 60_000);
        expect(result).toEqual({ output: "42", truncated: false });
      }
      for (const spinner of spinners) spinner.kill("SIGKILL");

      const [pid] = denoChildren();
      const scheduled = await cell(
        session,
        // Late enough that the cell has reported its result when the spin begins.
        'from pyodide.code import run_js\nrun_js("setTimeout(() => { for (;;) {} }, 2000)")\n"scheduled"',
        60_000,
      );
      expect(scheduled.output).toBe("'scheduled'");
      await waitUntil(() => !denoChildren().includes(pid as number), {
        what: "the idle CPU watchdog's kill",
        ceilingMs: 120_000,
      });
      const next = await cell(session, "'kept' in globals()", 60_000);
      expect(next.stateReset).toBe(true);
      expect(next.output).toMatch(/kept using CPU after its cell ended|CPU-seconds within 30 s/);
      expect(next.output).toMatch(/False$/);
    } finally {
      await session.close();
      await sandbox.close();
    }
  }, 300_000);
});
