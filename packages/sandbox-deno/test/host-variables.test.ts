import { describe, expect, it } from "vitest";
import { cell, denoChildren, openSession, waitUntil } from "./helpers.js";

const CASES = [
  {
    language: "javascript" as const,
    read: "[query, typeof query, Array.isArray(context_1), context_1.length, context_1[1]].join('|')",
    assign: "const query = 'changed'",
    // An assignment fails with a message the model can act on.
    assignError: /TypeError: `query` is read-only: the host sets it/,
  },
  {
    language: "python" as const,
    read: "'|'.join([query, type(query).__name__, str(isinstance(context_1, list)), str(len(context_1)), context_1[1]])",
    assign: "query = 'changed'",
    // Python cannot refuse it: the host's value is back before the next cell.
    assignError: undefined,
  },
];

describe.each(CASES)("host variables in $language", ({ language, read, assign, assignError }) => {
  it("are readable, replaceable by the host only, and survive a restart", async () => {
    const { sandbox, session } = await openSession({ sandbox: { language } });
    try {
      await session.setVariable("query", "How many?");
      await session.setVariable("context_1", ["a", "b"]);
      expect((await cell(session, read)).output).toMatch(
        /How many\?\|str(ing)?\|(true|True)\|2\|b/,
      );

      // Code's assignment does not stick: the next cell sees the host's value.
      const assigned = await cell(session, assign);
      if (assignError) expect(assigned.error).toMatch(assignError);
      else expect(assigned.error).toBeUndefined();
      expect((await cell(session, "query")).output).toMatch(/How many\?/);
      await session.setVariable("query", "Which one?");
      expect((await cell(session, "query")).output).toMatch(/Which one\?/);

      const [pid] = denoChildren();
      process.kill(pid as number, "SIGKILL");
      await waitUntil(() => !denoChildren().includes(pid as number), { what: "the kill" });
      // The cell that meets the dead process reports the restart; the host's variables are back.
      expect((await cell(session, "1")).stateReset).toBe(true);
      expect((await cell(session, read)).output).toMatch(
        /Which one\?\|str(ing)?\|(true|True)\|2\|b/,
      );
    } finally {
      await session.close();
      await sandbox.close();
    }
  }, 180_000);
});
