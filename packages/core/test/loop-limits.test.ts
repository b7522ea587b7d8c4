import { describe, expect, it, vi } from "vitest";
import {
  BudgetExceededError,
  ConfigurationError,
  createRLM,
  ProviderError,
  type RLMEvent,
  RunAbortedError,
  type Sandbox,
} from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { repl } from "./fixtures.js";

const price = { inputPerMillionUsd: 1_000, outputPerMillionUsd: 1_000 };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the run to fail");
}

describe("limits", () => {
  it("maxCostUsd holds under parallel sub-calls: spend never passes the cap by more than in-flight estimates", async () => {
    // Each sub-call costs exactly $0.011 (11 tokens at $1,000 per million) and reserves
    // its worst case first; 40 run in parallel against a $0.20 cap.
    const sub = scriptedModel({
      pricing: price,
      respond: () => ({ text: "ok", usage: { inputTokens: 10, outputTokens: 1 }, delayMs: 2 }),
    });
    const root = scriptedModel({
      pricing: { inputPerMillionUsd: 0.001, outputPerMillionUsd: 0.001 },
      replies: [
        {
          text: repl("await llm_query_batched(Array.from({ length: 40 }, () => 'q'))"),
          usage: { inputTokens: 1, outputTokens: 1 },
        },
      ],
    });
    const rlm = createRLM({
      model: root,
      subModel: sub,
      sandbox: vmSandbox(),
      maxOutputTokens: 5,
      limits: { maxCostUsd: 0.2, maxConcurrency: 8 },
      sinks: [{ onEvent: (event) => events.push(event) }],
    });
    const events: RLMEvent[] = [];
    const error = await rejection(rlm.complete({ context: "c", query: "q" }));
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect((error as BudgetExceededError).limit).toBe("maxCostUsd");
    let spent = 0;
    let answered = 0;
    for (const event of events) {
      if (event.type !== "model-call-end" || event.tier !== "sub" || event.error) continue;
      spent += event.costUsd ?? 0;
      answered++;
    }
    expect(spent).toBeCloseTo(answered * 0.011, 9);
    expect(spent).toBeLessThanOrEqual(0.2);
    expect(answered).toBeGreaterThan(5);
    expect(sub.calls.length).toBeLessThan(40);
  });

  it("maxTokens counts input and output over the whole run", async () => {
    const root = scriptedModel({
      respond: () => ({ text: repl("1"), usage: { inputTokens: 400, outputTokens: 100 } }),
    });
    const rlm = createRLM({
      model: root,
      sandbox: vmSandbox(),
      maxOutputTokens: 100,
      limits: { maxTokens: 4000 },
    });
    const error = (await rejection(
      rlm.complete({ context: "c", query: "q" }),
    )) as BudgetExceededError;
    expect(error.limit).toBe("maxTokens");
    // Every turn uses 500 tokens; the turn whose worst case no longer fits is never sent.
    expect(root.calls.length).toBeGreaterThanOrEqual(2);
    expect(error.used).toBe(root.calls.length * 500);
    expect(error.used).toBeLessThanOrEqual(4000);
  });

  it("maxSubCalls stops the run and the error carries the partial answer", async () => {
    const root = scriptedModel({
      replies: [repl("for (let i = 0; i < 10; i++) await llm_query('q' + i)", "Counting so far.")],
    });
    const sub = scriptedModel({ respond: () => "a" });
    const rlm = createRLM({
      model: root,
      subModel: sub,
      sandbox: vmSandbox(),
      limits: { maxSubCalls: 3 },
    });
    const error = (await rejection(
      rlm.complete({ context: "c", query: "q" }),
    )) as BudgetExceededError;
    expect(error.limit).toBe("maxSubCalls");
    expect(sub.calls).toHaveLength(3);
    expect(error.partialAnswer).toContain("Counting so far.");
  });

  it("timeoutMs stops a run whose model hangs", async () => {
    // A reply after 10 minutes: only the limit ends the run before the test's ceiling.
    const root = scriptedModel({ replies: [{ text: "late", delayMs: 600_000 }] });
    const rlm = createRLM({ model: root, sandbox: vmSandbox(), limits: { timeoutMs: 100 } });
    const error = (await rejection(
      rlm.complete({ context: "c", query: "q" }),
    )) as BudgetExceededError;
    expect(error.limit).toBe("timeoutMs");
  });

  it("an abort mid-run stops in-flight sub-calls and rejects with RunAbortedError", async () => {
    const controller = new AbortController();
    let started = 0;
    const sub = scriptedModel({
      respond: () => {
        started++;
        if (started === 3) setTimeout(() => controller.abort(new Error("user stop")), 5);
        // Replies after 10 minutes: only the abort ends the run before the test's ceiling.
        return { text: "x", delayMs: 600_000 };
      },
    });
    const root = scriptedModel({
      replies: [repl("await llm_query_batched(['a', 'b', 'c', 'd'])", "Working on it.")],
    });
    const rlm = createRLM({
      model: root,
      subModel: sub,
      sandbox: vmSandbox(),
      limits: { maxConcurrency: 3 },
    });
    const error = await rejection(
      rlm.complete({ context: "c", query: "q", abortSignal: controller.signal }),
    );
    expect(RunAbortedError.isInstance(error)).toBe(true);
    expect((error as RunAbortedError).partialAnswer).toContain("Working on it.");
    expect(started).toBe(3);
  });

  it("no model request starts after an abort made in the same tick as a sibling's start", async () => {
    const controller = new AbortController();
    const sub = scriptedModel({ respond: () => ({ text: "x", delayMs: 600_000 }) });
    const root = scriptedModel({ replies: [repl("await llm_query_batched(['a', 'b', 'c'])")] });
    let startsAfterAbort = 0;
    const rlm = createRLM({
      model: root,
      subModel: sub,
      sandbox: vmSandbox(),
      sinks: [
        {
          onEvent(event) {
            if (event.type !== "model-call-start" || event.tier !== "sub") return;
            // The first sub-call's start stops the run while its siblings hold their slots.
            if (controller.signal.aborted) startsAfterAbort++;
            else controller.abort(new Error("user stop"));
          },
        },
      ],
    });
    const error = await rejection(
      rlm.complete({ context: "c", query: "q", abortSignal: controller.signal }),
    );
    expect(RunAbortedError.isInstance(error)).toBe(true);
    expect(startsAfterAbort).toBe(0);
    expect(sub.calls).toHaveLength(1);
  });

  it("an abort while a sandbox is still starting rejects at once and closes the late session", async () => {
    const inner = vmSandbox();
    let closed = 0;
    let created = 0;
    const slowSandbox: Sandbox = {
      language: "javascript",
      async createSession(options) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const session = await inner.createSession(options);
        created++;
        return {
          ...session,
          language: session.language,
          close: async () => {
            closed++;
            await session.close();
          },
        };
      },
    };
    // The first turn is asked while the sandbox starts; the abort ends both.
    const root = scriptedModel({ respond: () => ({ text: repl("FINAL(1)"), delayMs: 5_000 }) });
    const rlm = createRLM({ model: root, sandbox: slowSandbox });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user stop")), 20);
    const run = rlm.complete({ context: "c", query: "q", abortSignal: controller.signal });
    const error = await rejection(run);
    expect(RunAbortedError.isInstance(error)).toBe(true);
    // Rejected before the sandbox finished starting, 300 ms after the run began.
    expect(created).toBe(0);
    // The late session is closed once it has started.
    await vi.waitFor(() => expect(closed).toBe(1), { timeout: 60_000 });
    expect(created).toBe(1);
    expect(root.calls).toHaveLength(1);
  });

  it("maxIterations bounds every node's turns", async () => {
    const root = scriptedModel({ respond: () => repl("1") });
    const rlm = createRLM({ model: root, sandbox: vmSandbox(), maxIterations: 3 });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(root.calls).toHaveLength(4);
    expect(result.iterations).toBe(3);
  });

  it("retries a retryable provider error and books every attempt", async () => {
    let calls = 0;
    const root = scriptedModel({
      respond: () => {
        calls++;
        if (calls === 1) {
          return {
            error: new ProviderError({
              kind: "server",
              provider: "scripted",
              message: "503",
              status: 503,
              retryAfterMs: 1,
            }),
          };
        }
        return "FINAL(ok)";
      },
    });
    const rlm = createRLM({ model: root, sandbox: vmSandbox() });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("ok");
    expect(result.usage.total).toMatchObject({ calls: 1, failedCalls: 1 });
    const attempts = result.trajectory.flatMap((event) =>
      event.type === "model-call-end" ? [event.attempt] : [],
    );
    expect(attempts).toEqual([1, 2]);
  });
});

describe("attempts that may have been billed", () => {
  it("a client timeout keeps its reservation as spent, marked estimated; a refused request books nothing", async () => {
    const timeout = new ProviderError({
      kind: "timeout",
      provider: "scripted",
      message: "deadline",
    });
    const refused = new ProviderError({
      kind: "server",
      provider: "scripted",
      message: "503",
      status: 503,
    });
    const root = scriptedModel({
      pricing: price,
      replies: [{ error: timeout }, { error: refused }, "FINAL(ok)"],
    });
    const rlm = createRLM({
      model: root,
      sandbox: vmSandbox(),
      maxOutputTokens: 100,
      retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 1 },
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    const ends = result.trajectory.filter(
      (event): event is Extract<RLMEvent, { type: "model-call-end" }> =>
        event.type === "model-call-end",
    );
    const [timedOut, refusedEnd, ok] = ends;
    expect(timedOut).toMatchObject({ usageEstimated: true, usage: { outputTokens: 100 } });
    expect(timedOut?.usage.inputTokens).toBeGreaterThan(0);
    expect(timedOut?.costUsd).toBeGreaterThan(0);
    expect(refusedEnd?.usage).toEqual({});
    expect(refusedEnd?.usageEstimated).toBeUndefined();
    expect(ok?.usageEstimated).toBeUndefined();
    const { total } = result.usage;
    expect(total).toMatchObject({ calls: 1, failedCalls: 2, estimatedCalls: 1 });
    expect(total.inputTokens).toBe(
      (timedOut?.usage.inputTokens ?? 0) + (ok?.usage.inputTokens ?? 0),
    );
    expect(total.costUsd).toBeCloseTo((timedOut?.costUsd ?? 0) + (ok?.costUsd ?? 0), 12);
  });

  it("the estimate counts against maxTokens, so the budget stays conservative", async () => {
    const timeout = new ProviderError({
      kind: "timeout",
      provider: "scripted",
      message: "deadline",
    });
    const root = scriptedModel({ replies: [{ error: timeout }, "FINAL(ok)"] });
    // Room for one worst case (a short prompt + 1,000 output tokens), not for two.
    const rlm = createRLM({
      model: root,
      sandbox: vmSandbox(),
      systemPrompt: () => "Answer.",
      maxOutputTokens: 1_000,
      limits: { maxTokens: 1_900 },
      retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await rlm.complete({ context: "c", query: "q" }).catch((caught) => caught);
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect((error as BudgetExceededError).limit).toBe("maxTokens");
    expect(root.calls).toHaveLength(1);
  });
});

describe("configuration", () => {
  it("rejects maxCostUsd when a model has no price", () => {
    const priced = scriptedModel({ pricing: price, replies: [] });
    const unpriced = scriptedModel({ modelId: "mystery", replies: [] });
    expect(() =>
      createRLM({
        model: priced,
        subModel: unpriced,
        sandbox: vmSandbox(),
        limits: { maxCostUsd: 1 },
      }),
    ).toThrow(/scripted:mystery/);
    expect(() =>
      createRLM({ model: priced, sandbox: vmSandbox(), limits: { maxCostUsd: 1 } }),
    ).not.toThrow();
  });

  it("rejects impossible numbers with a clear message", () => {
    const model = scriptedModel({ replies: [] });
    for (const options of [
      { maxDepth: -1 },
      { maxIterations: 0 },
      { limits: { maxConcurrency: 0 } },
      { limits: { timeoutMs: -5 } },
    ]) {
      let error: unknown;
      try {
        createRLM({ model, sandbox: vmSandbox(), ...options });
      } catch (caught) {
        error = caught;
      }
      expect(ConfigurationError.isInstance(error)).toBe(true);
    }
  });
});
