import { describe, expect, it } from "vitest";
import { cell, openSession, recordingHost } from "./helpers.js";

// A continuation of the first cell runs while the second one waits: the second cell finishes
// only once it has seen the continuation run (it sets `fired` last), so no timing is assumed.
describe("a continuation of an ended cell cannot act for the running one", () => {
  it("JavaScript: FINAL, output and a sub-call after Atomics.waitAsync are dropped and counted", async () => {
    const host = recordingHost();
    const { sandbox, session } = await openSession({ host });
    try {
      const armed = await cell(
        session,
        `var fired = false;
Atomics.waitAsync(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200).value.then(() => {
  FINAL("stale");
  print("stale output");
  llm_query("late").catch(() => {});
  fired = true;
});
"armed"`,
      );
      expect(armed.output).toBe("'armed'");
      const later = await cell(
        session,
        'while (!fired) await new Promise((resolve) => setTimeout(resolve, 20)); "later"',
        60_000,
      );
      expect(later).toEqual({ output: "'later'", truncated: false, lateCallsDropped: 3 });
      expect(host.calls).toEqual([]);
    } finally {
      await session.close();
      await sandbox.close();
    }
  });

  it("Python: FINAL and output from an asyncio task of an ended cell are dropped and counted", async () => {
    const { sandbox, session } = await openSession({ sandbox: { language: "python" } });
    try {
      const armed = await cell(
        session,
        `import asyncio
fired = False
async def late():
    global fired
    await asyncio.sleep(0.2)
    FINAL("stale")
    print("stale output")
    fired = True
task = asyncio.ensure_future(late())
"armed"`,
        20_000,
      );
      expect(armed.output).toBe("'armed'");
      const later = await cell(
        session,
        'while not fired:\n    await asyncio.sleep(0.02)\n"later"',
        60_000,
      );
      expect(later).toEqual({ output: "'later'", truncated: false, lateCallsDropped: 2 });
    } finally {
      await session.close();
      await sandbox.close();
    }
  }, 120_000);
});
