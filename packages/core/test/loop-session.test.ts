import { describe, expect, it } from "vitest";
import {
  BudgetExceededError,
  ConfigurationError,
  createRLM,
  type RLMEvent,
  SessionClosedError,
} from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { lastUserMessage, repl } from "./fixtures.js";

const PRICING = { inputPerMillionUsd: 1, outputPerMillionUsd: 1 };

describe("sessions", () => {
  it("answers three questions over one context; later ones use variables the first made", async () => {
    const model = scriptedModel({
      replies: [
        repl(
          "const words = context.split(' ')\nconst counts = {}\nfor (const w of words) counts[w] = (counts[w] ?? 0) + 1\nwords.length",
        ),
        "There are 6 words.\nFINAL(6)",
        repl("FINAL(String(counts.b))"),
        repl(
          "FINAL(query + ': ' + Object.keys(counts).sort().join(',') + ' / ' + context_1.length)",
        ),
      ],
    });
    const rlm = createRLM({ model, sandbox: vmSandbox() });
    const session = rlm.session({ context: "a b a c b b" });
    try {
      const first = await session.complete({ query: "How many words?" });
      const second = await session.complete({ query: "How often is b?" });
      const third = await session.complete({ query: "Which words", context: ["x", "y"] });
      expect([first.answer, second.answer, third.answer]).toEqual([
        "6",
        "3",
        "Which words: a,b,c / 2",
      ]);

      // The conversation carried over: the second question's request holds the first's turns.
      const secondRequest = model.calls[2]!.messages;
      expect(secondRequest.filter((message) => message.role === "system")).toHaveLength(1);
      expect(secondRequest.map((message) => message.content).join("\n")).toContain(
        "Query: How many words?",
      );
      expect(lastUserMessage(model.calls[2])).toContain("This is query 2 of this session");
      expect(lastUserMessage(model.calls[3])).toContain("`context_1` is an array of 2 strings");

      // Usage per question, and for the session as their sum.
      expect([first.usage.total.calls, second.usage.total.calls, third.usage.total.calls]).toEqual([
        2, 1, 1,
      ]);
      expect(new Set([first.runId, second.runId, third.runId]).size).toBe(3);
      expect(session.usage.total.calls).toBe(4);
      expect(session.usage.total.inputTokens).toBe(
        (first.usage.total.inputTokens ?? 0) +
          (second.usage.total.inputTokens ?? 0) +
          (third.usage.total.inputTokens ?? 0),
      );
      expect(session.questions).toBe(3);
    } finally {
      await session.close();
    }
    await expect(session.complete({ query: "more?" })).rejects.toSatisfy(
      SessionClosedError.isInstance,
    );
  });

  it("queues a question asked while another runs; their events never interleave", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const model = scriptedModel({
      respond: async (request) => {
        const asked = lastUserMessage(request);
        if (asked.includes("Query: first")) {
          await held;
          return repl("const shared = 'from the first'\nFINAL('one')");
        }
        return repl("FINAL(shared)");
      },
    });
    const session = createRLM({ model, sandbox: vmSandbox() }).session({ context: "c" });
    const first = session.complete({ query: "first" });
    const second = session.complete({ query: "second" });
    // The second question waits: only the first has reached the model.
    await new Promise((resolve) => setImmediate(resolve));
    expect(model.calls).toHaveLength(1);
    release();
    const [one, two] = await Promise.all([first, second]);
    expect([one.answer, two.answer]).toEqual(["one", "from the first"]);
    const lastOfFirst = one.trajectory.at(-1) as RLMEvent;
    expect(lastOfFirst.type).toBe("run-end");
    expect(two.trajectory[0]!.time).toBeGreaterThanOrEqual(lastOfFirst.time);
    await session.close();
  });

  it("streams a question's events, run-start to run-end, over the session's REPL", async () => {
    const model = scriptedModel({
      replies: [repl("globalThis.kept = 41\nFINAL('set')"), repl("FINAL(String(kept + 1))")],
    });
    const session = createRLM({ model, sandbox: vmSandbox() }).session({ context: "c" });
    await session.complete({ query: "set" });
    const events: RLMEvent[] = [];
    for await (const event of session.stream({ query: "read" })) events.push(event);
    expect(events[0]?.type).toBe("run-start");
    const end = events.at(-1);
    expect(end?.type === "run-end" && end.result?.answer).toBe("42");
    await session.close();
    // A closed session's stream throws instead of ending with no events.
    await expect(async () => {
      for await (const _ of session.stream({ query: "late" })) break;
    }).rejects.toSatisfy(SessionClosedError.isInstance);
  });

  it("caps cost across questions and refuses a question once the cap is spent", async () => {
    const model = scriptedModel({
      pricing: PRICING,
      respond: () => ({ text: "FINAL(ok)", usage: { inputTokens: 600_000, outputTokens: 0 } }),
    });
    const rlm = createRLM({ model, sandbox: vmSandbox(), maxOutputTokens: 10 });
    const session = rlm.session({ context: "c", limits: { maxCostUsd: 1 } });
    const first = await session.complete({ query: "one" });
    expect(first.costUsd).toBeCloseTo(0.6);
    // The second question may spend only what is left of the session's cap.
    const second = await session.complete({ query: "two" });
    const start = second.trajectory[0];
    expect(start?.type === "run-start" && start.limits.maxCostUsd).toBeCloseTo(0.4);
    // Reservations hold a cap up to their estimation error; once it is spent, nothing starts.
    expect(session.usage.total.costUsd).toBeCloseTo(1.2);
    const third = session.complete({ query: "three" });
    await expect(third).rejects.toSatisfy(BudgetExceededError.isInstance);
    await expect(third).rejects.toThrow(/The session's maxCostUsd of 1 is spent/);
    expect(session.questions).toBe(2);
    await session.close();
  });

  it("caps tokens across questions", async () => {
    const usage = [3_000, 2_500];
    const model = scriptedModel({
      respond: (_request, index) => ({
        text: "FINAL(ok)",
        usage: { inputTokens: usage[index] ?? 0, outputTokens: 0 },
      }),
    });
    const rlm = createRLM({ model, sandbox: vmSandbox(), maxOutputTokens: 10 });
    const session = rlm.session({ context: "c", limits: { maxTokens: 5_000 } });
    await session.complete({ query: "one" });
    // The second question may use only the 2,000 tokens left: its start shows that limit.
    const second = await session.complete({ query: "two" });
    const start = second.trajectory[0];
    expect(start?.type === "run-start" && start.limits.maxTokens).toBe(2_000);
    expect(session.usage.total.inputTokens).toBe(5_500);
    await expect(session.complete({ query: "three" })).rejects.toThrow(
      /The session's maxTokens of 5000 is spent \(5500 used\)/,
    );
    await session.close();
  });

  it("starts the sandbox again for the next question when its start failed", async () => {
    const base = vmSandbox();
    let starts = 0;
    const sandbox = {
      language: base.language,
      async createSession(options: Parameters<typeof base.createSession>[0]) {
        if (starts++ === 0) throw new Error("no sandbox yet");
        return base.createSession(options);
      },
    };
    const model = scriptedModel({ respond: () => repl("FINAL(String(context.length))") });
    const session = createRLM({ model, sandbox }).session({ context: "abcd" });
    await expect(session.complete({ query: "first" })).rejects.toThrow("no sandbox yet");
    expect((await session.complete({ query: "second" })).answer).toBe("4");
    expect(starts).toBe(2);
    const asked = model.calls
      .at(-1)!
      .messages.map((message) => message.content)
      .join("\n");
    expect(asked).toContain("`context` is a string of 4 characters");
    expect(asked).toContain("Query: second");
    await session.close();
  });

  it("gives a question limits of its own, checked before it waits its turn", async () => {
    const model = scriptedModel({
      replies: [repl("globalThis.kept = 1"), "kept is set", repl("FINAL(String(kept))")],
    });
    const session = createRLM({ model, sandbox: vmSandbox(), maxIterations: 5 }).session({
      context: "c",
    });
    // One turn, then the forced final answer: this question's limit, not the RLM's 5.
    const first = await session.complete({
      query: "one",
      maxIterations: 1,
      limits: { maxSubCalls: 3 },
    });
    expect(first.iterations).toBe(1);
    expect(first.answer).toBe("kept is set");
    const start = first.trajectory[0];
    expect(
      start?.type === "run-start" && [start.limits.maxIterations, start.limits.maxSubCalls],
    ).toEqual([1, 3]);
    await expect(session.complete({ query: "bad", limits: { maxTokens: -1 } })).rejects.toSatisfy(
      ConfigurationError.isInstance,
    );
    expect(session.questions).toBe(1);
    // The next question is back to the RLM's own limits.
    const second = await session.complete({ query: "two" });
    expect(second.answer).toBe("1");
    const next = second.trajectory[0];
    expect(next?.type === "run-start" && next.limits.maxIterations).toBe(5);
    await session.close();
  });

  it("needs a price for a session cost cap", () => {
    const rlm = createRLM({ model: scriptedModel({ replies: [] }), sandbox: vmSandbox() });
    expect(() => rlm.session({ context: "c", limits: { maxCostUsd: 1 } })).toThrow(
      expect.objectContaining({ name: ConfigurationError.name }),
    );
  });

  it("close() aborts the running question, fails the queued one and ends the sandbox", async () => {
    const closed: string[] = [];
    const base = vmSandbox();
    const sandbox = {
      language: base.language,
      async createSession(options: Parameters<typeof base.createSession>[0]) {
        const session = await base.createSession(options);
        return { ...session, close: async () => void closed.push("sandbox") };
      },
    };
    const model = scriptedModel({ respond: () => ({ text: "thinking", delayMs: 60_000 }) });
    const session = createRLM({ model, sandbox }).session({ context: "c" });
    const running = session.complete({ query: "slow" });
    const queued = session.complete({ query: "queued" });
    while (model.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await session.close();
    await expect(running).rejects.toMatchObject({ name: "RunAbortedError" });
    await expect(queued).rejects.toSatisfy(SessionClosedError.isInstance);
    expect(closed).toEqual(["sandbox"]);
  });
});
