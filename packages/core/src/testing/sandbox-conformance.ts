import assert from "node:assert/strict";
import type { Context } from "../context/context.js";
import { contentText } from "../model/content-text.js";
import type {
  HostBridge,
  Sandbox,
  SandboxSession,
  SandboxSessionOptions,
} from "../sandbox/sandbox.js";
import { conformanceCells } from "./conformance-cells.js";
import { CONFORMANCE_BUDGET, typedSubCallChecks } from "./conformance-typed-checks.js";

/** The behaviours the suite checks, by the name a sandbox may opt out of one with. */
export type SandboxBehaviour =
  | "persistence"
  | "display"
  | "final"
  | "final-size-cap"
  | "host-variables"
  | "sub-call-caps"
  | "timeout"
  | "output-cap"
  | "errors"
  | "abort"
  | "close"
  | "late-continuations"
  | "typed-sub-calls"
  | "image-parts"
  | "binary-context"
  | "budget";

export interface SandboxConformanceOptions {
  /** Names the suite in the test report. */
  name: string;
  /** A fresh sandbox; the suite opens one session per check and closes it. */
  createSandbox: () => Sandbox | Promise<Sandbox>;
  /** Releases what a sandbox from `createSandbox` holds (processes, pools). */
  disposeSandbox?: (sandbox: Sandbox) => Promise<void>;
  /**
   * The test runner's `describe` and `it` (vitest's, or `node:test`'s): the suite asserts with
   * `node:assert`, so importing `@rlm/core/testing` needs no test runner.
   */
  test: {
    describe: (name: string, body: () => void) => unknown;
    it: (name: string, body: () => Promise<void>) => unknown;
  };
  /** The output cap the created sandbox applies, in characters. Default 100,000. */
  maxOutputChars?: number;
  /** Behaviours this sandbox documents that it cannot have; each one is left out, by name. */
  optOut?: readonly SandboxBehaviour[];
}

interface RecordedCall {
  prompt: string;
}

/**
 * Every behaviour `@rlm/core` relies on from a `Sandbox`, as tests any implementation runs in
 * its own test files. One session per check, so a check that kills a process or aborts a cell
 * leaves nothing behind for the next.
 */
export function describeSandboxConformance(options: SandboxConformanceOptions): void {
  const { describe, it } = options.test;
  const maxOutputChars = options.maxOutputChars ?? 100_000;
  let cellCount = 0;
  const check = (behaviour: SandboxBehaviour, title: string, body: () => Promise<void>) => {
    if (!options.optOut?.includes(behaviour)) it(`${behaviour}: ${title}`, body);
  };

  /** Opens a session on a fresh sandbox, runs `body` with it, and closes both. */
  const withSession = async (
    body: (tools: {
      session: SandboxSession;
      calls: RecordedCall[];
      run: (code: string, timeoutMs?: number) => ReturnType<SandboxSession["execute"]>;
      cells: ReturnType<typeof conformanceCells>;
    }) => Promise<void>,
    session: {
      host?: (calls: RecordedCall[]) => HostBridge;
      subCallLimits?: SandboxSessionOptions["subCallLimits"];
      context?: Context;
    } = {},
  ) => {
    const sandbox = await options.createSandbox();
    const calls: RecordedCall[] = [];
    const opened = await sandbox.createSession({
      context: session.context ?? "the context",
      host: session.host?.(calls) ?? answeringHost(calls),
      ...(session.subCallLimits ? { subCallLimits: session.subCallLimits } : {}),
    });
    // The time limit only catches a hang: a loaded machine is slow, never this slow.
    const run = (code: string, timeoutMs = 60_000) =>
      opened.execute(code, { cellId: `conformance-${++cellCount}`, timeoutMs });
    try {
      await body({ session: opened, calls, run, cells: conformanceCells(sandbox.language) });
    } finally {
      await opened.close();
      await options.disposeSandbox?.(sandbox);
    }
  };

  describe(`Sandbox conformance: ${options.name}`, () => {
    check("persistence", "variables and functions persist from cell to cell", () =>
      withSession(async ({ run, cells }) => {
        assert.equal((await run(cells.define)).error, undefined);
        assert.equal((await run(cells.useDefined)).output, "42");
      }),
    );

    check("display", "printed output comes first, then the last expression's repr", () =>
      withSession(async ({ run, cells }) => {
        assert.deepEqual(await run(cells.printAndShow), { output: "hi\n'ab'", truncated: false });
      }),
    );

    check("final", "the first FINAL wins; FINAL_VAR and readVariable read variables", () =>
      withSession(async ({ session, run, cells }) => {
        assert.deepEqual((await run(cells.finalTwice)).final, { value: { n: 1 } });
        await run(cells.defineAnswer);
        assert.deepEqual((await run(cells.finalVarAnswer)).final, { value: ["a", "b"] });
        const missing = await run(cells.finalVarMissing);
        assert.equal(missing.final, undefined);
        assert.match(missing.error ?? "", /missing/);
        assert.equal(await session.readVariable("text"), "plain");
        assert.deepEqual(JSON.parse((await session.readVariable("answer")) ?? ""), ["a", "b"]);
        assert.equal(await session.readVariable("missing"), undefined);
      }),
    );

    check("final-size-cap", "a value over the FINAL cap is refused with the reason", () =>
      withSession(async ({ session, run, cells }) => {
        assert.equal((await run(cells.defineOverCap)).error, undefined);
        const refused = await run(cells.finalOverCap);
        assert.equal(refused.final, undefined);
        assert.match(refused.error ?? "", /a FINAL value may have at most 67,108,864/);
        await assert.rejects(session.readVariable("big"), /a FINAL value may have at most/);
      }),
    );

    check("host-variables", "setVariable defines a variable code reads, and replaces it", () =>
      withSession(async ({ session, run, cells }) => {
        await session.setVariable("query", "How many?");
        assert.match((await run(cells.readQuery)).output, /How many\?/);
        await session.setVariable("query", "Which one?");
        assert.match((await run(cells.readQuery)).output, /Which one\?/);
      }),
    );

    check("sub-call-caps", "calls past maxPerCell never reach the host; maxInFlight holds", () => {
      let inFlight = 0;
      let mostInFlight = 0;
      const held: (() => void)[] = [];
      const host = (calls: RecordedCall[]): HostBridge => ({
        ...answeringHost(calls),
        async llmQuery({ prompt }) {
          calls.push({ prompt: contentText(prompt) });
          mostInFlight = Math.max(mostInFlight, ++inFlight);
          // Held until two are in flight (or the third and last has come), so the test sees
          // the cap reached without depending on how fast calls arrive.
          await new Promise<void>((resolve) => {
            held.push(resolve);
            if (inFlight === 2 || calls.length === 3)
              for (const release of held.splice(0)) release();
          });
          inFlight--;
          return contentText(prompt).toUpperCase();
        },
      });
      return withSession(
        async ({ calls, run, cells }) => {
          const result = await run(cells.batchedFive);
          assert.equal(result.error, undefined);
          assert.equal(calls.length, 3);
          assert.equal(mostInFlight, 2);
          assert.equal(result.output.match(/Error/g)?.length, 2);
        },
        { host, subCallLimits: { maxPerCell: 3, maxInFlight: 2 } },
      );
    });

    check("timeout", "a cell over its time limit ends with an error; variables are kept", () =>
      withSession(async ({ run, cells }) => {
        await run(cells.define);
        const stopped = await run(cells.endlessLoop, 1_000);
        assert.notEqual(stopped.error, undefined);
        assert.equal((await run(cells.readAfterTimeout)).output, "41");
      }),
    );

    check("output-cap", "output past maxOutputChars is cut and marked truncated", () =>
      withSession(async ({ run, cells }) => {
        const result = await run(cells.printLong(maxOutputChars * 2));
        assert.equal(result.truncated, true);
        assert.ok(result.output.length <= maxOutputChars);
      }),
    );

    check("errors", "a raised error and a syntax error end the cell; variables are kept", () =>
      withSession(async ({ run, cells }) => {
        await run(cells.define);
        assert.match((await run(cells.raise)).error ?? "", /boom/);
        assert.notEqual((await run(cells.syntaxError)).error, undefined);
        assert.equal((await run(cells.useDefined)).output, "42");
      }),
    );

    check("abort", "aborting a cell rejects execute with the reason", () => {
      const controller = new AbortController();
      const reason = new Error("stopped by the caller");
      const host = (calls: RecordedCall[]): HostBridge => ({
        ...answeringHost(calls),
        llmQuery: ({ prompt, abortSignal }) => {
          calls.push({ prompt: contentText(prompt) });
          controller.abort(reason);
          // Never answers: only the abort ends the cell.
          return new Promise((_, reject) =>
            abortSignal?.addEventListener("abort", () => reject(abortSignal.reason)),
          );
        },
      });
      return withSession(
        async ({ session, cells }) => {
          await assert.rejects(
            session.execute(cells.awaitSubCall, {
              cellId: `conformance-${++cellCount}`,
              timeoutMs: 60_000,
              abortSignal: controller.signal,
            }),
            reason,
          );
        },
        { host },
      );
    });

    check("close", "execute on a closed session rejects", () =>
      withSession(async ({ session, run }) => {
        await session.close();
        await assert.rejects(run("1"), /closed/);
      }),
    );

    check("late-continuations", "FINAL and output from an ended cell are dropped and counted", () =>
      withSession(async ({ calls, run, cells }) => {
        assert.equal((await run(cells.armLate)).output, "'armed'");
        const later = await run(cells.waitForLate);
        assert.equal(later.output, "'later'");
        assert.equal(later.final, undefined);
        assert.ok((later.lateCallsDropped ?? 0) > 0);
        assert.deepEqual(calls, []);
      }),
    );

    typedSubCallChecks(check, (body, session) =>
      withSession(body, {
        host: session.host,
        ...(session.context ? { context: session.context } : {}),
      }),
    );
  });
}

/** Answers every sub-call with its prompt in capitals, recording the prompts. */
function answeringHost(calls: RecordedCall[]): HostBridge {
  return {
    llmQuery: async ({ prompt }) => {
      calls.push({ prompt: contentText(prompt) });
      return contentText(prompt).toUpperCase();
    },
    rlmQuery: async ({ prompt }) => {
      calls.push({ prompt });
      return prompt.toUpperCase();
    },
    tool: async ({ args }) => args,
    budget: () => CONFORMANCE_BUDGET,
  };
}
