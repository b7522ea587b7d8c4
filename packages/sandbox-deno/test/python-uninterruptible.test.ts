import { describe, expect, it } from "vitest";
import { cell, openSession } from "./helpers.js";

// Each of these used to block inside WebAssembly, where the interrupt is never read: the
// process was killed at the time limit and every variable lost. The limit here is far above
// what the error takes, so a timeout or a reset shows the bug.
const LIMIT_MS = 20_000;

describe("Python code that Pyodide cannot interrupt fails fast and keeps state", () => {
  it("os.system, os.fork and friends raise at once", async () => {
    const { sandbox, session } = await openSession({ sandbox: { language: "python" } });
    try {
      await cell(session, "kept = 41", LIMIT_MS);
      for (const code of ["import os\nos.system('ls')", "import posix\nposix.system('ls')"]) {
        const result = await cell(session, code, LIMIT_MS);
        expect(result.stateReset).toBeUndefined();
        expect(result.error).toMatch(
          /os\.system is not available: this sandbox cannot run processes/,
        );
      }
      const spawn = await cell(
        session,
        "import os\nos.spawnv(os.P_WAIT, '/bin/id', ['id'])",
        LIMIT_MS,
      );
      expect(spawn.error).toMatch(/os\.spawnv is not available/);
      expect((await cell(session, "kept + 1", LIMIT_MS)).output).toBe("42");
    } finally {
      await session.close();
      await sandbox.close();
    }
  }, 120_000);

  it("time.sleep past the time limit is interrupted with every variable kept", async () => {
    const { sandbox, session } = await openSession({ sandbox: { language: "python" } });
    try {
      await cell(session, "kept = 41", LIMIT_MS);
      const short = await cell(session, "import time\ntime.sleep(0.01)\n'slept'", LIMIT_MS);
      expect(short.output).toBe("'slept'");
      const long = await cell(session, "time.sleep(3600)", 1000);
      expect(long.stateReset).toBeUndefined();
      expect(long.error).toMatch(/timed out after 1000 ms \(variables were kept\)/);
      expect((await cell(session, "kept + 1", LIMIT_MS)).output).toBe("42");
    } finally {
      await session.close();
      await sandbox.close();
    }
  }, 120_000);

  it("a recursion limit past what Pyodide's stack holds is refused; recursion stops cleanly", async () => {
    const { sandbox, session } = await openSession({ sandbox: { language: "python" } });
    try {
      await cell(session, "kept = 41", LIMIT_MS);
      const raised = await cell(session, "import sys\nsys.setrecursionlimit(100_000)", LIMIT_MS);
      expect(raised.error).toMatch(/The recursion limit can be at most 3000 in this sandbox/);
      const deep = await cell(
        session,
        "import sys\nsys.setrecursionlimit(3000)\ndef f(n):\n    return f(n + 1)\nf(0)",
        LIMIT_MS,
      );
      expect(deep.stateReset).toBeUndefined();
      expect(deep.error).toMatch(/RecursionError/);
      expect((await cell(session, "kept + 1", LIMIT_MS)).output).toBe("42");
    } finally {
      await session.close();
      await sandbox.close();
    }
  }, 120_000);
});
