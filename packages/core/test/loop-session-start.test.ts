import { describe, expect, it, vi } from "vitest";
import { createRLM, type RLMEvent, type Sandbox, SandboxError } from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { repl } from "./fixtures.js";

/** A vm sandbox whose sessions take `startMs` to start, or fail to after it. */
function slowSandbox(options: { startMs: number; fail?: boolean }) {
  const inner = vmSandbox();
  const counts = { started: 0, closed: 0 };
  const sandbox: Sandbox = {
    language: "javascript",
    async createSession(sessionOptions) {
      await new Promise((resolve) => setTimeout(resolve, options.startMs));
      if (options.fail) throw new SandboxError({ message: "The sandbox did not start: no Deno." });
      const session = await inner.createSession(sessionOptions);
      counts.started++;
      return {
        ...session,
        language: session.language,
        close: async () => {
          counts.closed++;
          await session.close();
        },
      };
    },
  };
  return { sandbox, counts };
}

describe("session start", () => {
  it("asks the first turn while the sandbox starts, and runs its code once started", async () => {
    const { sandbox, counts } = slowSandbox({ startMs: 100 });
    let startedWhenAsked: number | undefined;
    const root = scriptedModel({
      respond: () => {
        startedWhenAsked ??= counts.started;
        return repl('FINAL("from the sandbox: " + context)');
      },
    });
    const result = await createRLM({ model: root, sandbox }).complete({ context: "c", query: "q" });
    expect(startedWhenAsked).toBe(0);
    expect(result.answer).toBe("from the sandbox: c");
    expect(counts).toEqual({ started: 1, closed: 1 });
  });

  it("a sandbox that fails to start aborts the first turn and fails the run with its error", async () => {
    const { sandbox } = slowSandbox({ startMs: 30, fail: true });
    // A reply after 10 minutes: only the start's failure, aborting it, ends the run before
    // the test's ceiling.
    const root = scriptedModel({ respond: () => ({ text: repl("FINAL(1)"), delayMs: 600_000 }) });
    const events: RLMEvent[] = [];
    const rlm = createRLM({ model: root, sandbox, sinks: [{ onEvent: (e) => events.push(e) }] });
    const error = await rlm.complete({ context: "c", query: "q" }).catch((caught) => caught);
    expect(SandboxError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("no Deno");
    const turn = events.find((event) => event.type === "model-call-end");
    expect(turn?.type === "model-call-end" && turn.error).toBeTruthy();
  });

  it("a first turn that fails closes the session once it has started", async () => {
    const { sandbox, counts } = slowSandbox({ startMs: 100 });
    const root = scriptedModel({ replies: [] });
    const error = await createRLM({ model: root, sandbox, retry: { maxRetries: 0 } })
      .complete({ context: "c", query: "q" })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(counts.started).toBe(0);
    // Closed once it has started.
    await vi.waitFor(() => expect(counts).toEqual({ started: 1, closed: 1 }), { timeout: 60_000 });
  });

  it("a child's answer does not wait for its session to close; the run's end does", async () => {
    const inner = vmSandbox();
    const closedAt: number[] = [];
    const slowClose: Sandbox = {
      language: "javascript",
      async createSession(options) {
        const session = await inner.createSession(options);
        return {
          ...session,
          language: session.language,
          close: async () => {
            await new Promise((resolve) => setTimeout(resolve, 150));
            await session.close();
            closedAt.push(performance.now());
          },
        };
      },
    };
    const root = scriptedModel({ replies: [repl('FINAL(await rlm_query("child", "data"))')] });
    const child = scriptedModel({ replies: [repl('FINAL("child answer")')] });
    let answeredAt = 0;
    const rlm = createRLM({
      model: root,
      depthModels: [child],
      sandbox: slowClose,
      maxDepth: 1,
      sinks: [
        {
          onEvent: (event) => {
            if (event.type === "subcall-end") answeredAt = performance.now();
          },
        },
      ],
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("child answer");
    // Both sessions (root and child) were closed before complete() returned ...
    expect(closedAt).toHaveLength(2);
    // ... but the parent had the child's answer before the child's session finished closing.
    expect(Math.min(...closedAt)).toBeGreaterThan(answeredAt);
  });
});
