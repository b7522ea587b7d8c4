import { describe, expect, it } from "vitest";
import { cell, openSession, recordingHost } from "./helpers.js";

// Each request used to be dropped on its way to the host, and the cell waited for its whole
// time limit; the limit here is far above what the answer takes, so a timeout shows the bug.
const LIMIT_MS = 30_000;
const LONG_MODEL = "m".repeat(300);

describe("malformed sub-call requests get an immediate error in the cell", () => {
  it("JavaScript: a model name over 200 characters, and a model name where options go", async () => {
    const host = recordingHost();
    const { sandbox, session } = await openSession({ host });
    try {
      const result = await cell(
        session,
        `let m; try { await llm_query("p", { model: "${LONG_MODEL}" }) } catch (e) { m = e.message } m`,
        LIMIT_MS,
      );
      expect(result.output).toBe("'The model name has 300 characters; at most 200 are allowed.'");
      const positional = await cell(
        session,
        'let n; try { await llm_query("p", "cheap") } catch (e) { n = e.message } n',
        LIMIT_MS,
      );
      expect(positional.output).toBe(
        '`llm_query\'s second argument is an options object, like { model: "name" }, not a string.`',
      );
      expect(host.calls).toEqual([]);
    } finally {
      await session.close();
      await sandbox.close();
    }
  });

  it("Python: a model name over 200 characters, and one that is not a string", async () => {
    const host = recordingHost();
    const { sandbox, session } = await openSession({ host, sandbox: { language: "python" } });
    try {
      const long = await cell(
        session,
        `try:\n    llm_query("p", model="${LONG_MODEL}")\nexcept Exception as e:\n    print(e)`,
        LIMIT_MS,
      );
      expect(long.output).toMatch(/The model name has 300 characters; at most 200 are allowed\./);
      const batched = await cell(
        session,
        `llm_query_batched(["p"], model="${LONG_MODEL}")`,
        LIMIT_MS,
      );
      expect(batched.output).toMatch(/Error: The model name has 300 characters/);
      const number = await cell(session, 'llm_query("p", model=7)', LIMIT_MS);
      expect(number.output).toBe("'answer(p)'");
      expect(host.calls).toEqual([{ kind: "llm", prompt: "p", model: "7" }]);
    } finally {
      await session.close();
      await sandbox.close();
    }
  }, 60_000);

  it("Python: the host module called directly with a prompt that is not a string", async () => {
    const host = recordingHost();
    const { sandbox, session } = await openSession({ host, sandbox: { language: "python" } });
    try {
      const result = await cell(
        session,
        "import _rlm_host\nfrom pyodide.ffi import run_sync\nrun_sync(_rlm_host.llm(5, None))",
        LIMIT_MS,
      );
      expect(result.error).toMatch(/The sub-call's prompt must be a string\./);
      expect(host.calls).toEqual([]);
    } finally {
      await session.close();
      await sandbox.close();
    }
  }, 60_000);
});
