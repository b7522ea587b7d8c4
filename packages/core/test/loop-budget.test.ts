import { describe, expect, it } from "vitest";
import { type BudgetSnapshot, createRLM, type RLMEvent } from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { repl } from "./fixtures.js";

const priced = { inputPerMillionUsd: 10, outputPerMillionUsd: 20 };

type ModelCallEnd = Extract<RLMEvent, { type: "model-call-end" }>;
const tokensOf = (event: ModelCallEnd) =>
  (event.usage.inputTokens ?? 0) + (event.usage.outputTokens ?? 0);

describe("budget() in the REPL", () => {
  it("reports the run's spending, sub-calls, time, depth and iteration as they move", async () => {
    const root = scriptedModel({
      modelId: "root",
      pricing: priced,
      replies: [
        repl(
          'globalThis.seen = [await budget()];\nawait llm_query("one sub-call");\nseen.push(await budget());',
        ),
        repl(
          'seen.push(await budget());\nseen.push(JSON.parse(await rlm_query("your budget", "child context")));\nFINAL(JSON.stringify(seen));',
        ),
      ],
    });
    const sub = scriptedModel({ modelId: "sub", pricing: priced, respond: () => "a reply" });
    const child = scriptedModel({
      modelId: "child",
      pricing: priced,
      respond: () => repl("FINAL(JSON.stringify(await budget()))"),
    });
    const rlm = createRLM({
      model: root,
      subModel: sub,
      depthModels: [child],
      sandbox: vmSandbox(),
      maxIterations: 5,
      limits: { maxCostUsd: 10, maxTokens: 100_000, maxSubCalls: 5, timeoutMs: 600_000 },
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    const [start, afterSubCall, secondIteration, inChild] = JSON.parse(
      result.answer,
    ) as BudgetSnapshot[];
    const ends = result.trajectory.filter(
      (event): event is ModelCallEnd => event.type === "model-call-end",
    );
    const [firstTurn, subCall, secondTurn] = ends;

    // Iteration 1, before any sub-call: only the root's first turn is spent.
    expect(start!.subCalls).toEqual({ used: 0, limit: 5, remaining: 5 });
    expect(start!.tokens).toEqual({
      used: tokensOf(firstTurn!),
      limit: 100_000,
      remaining: 100_000 - tokensOf(firstTurn!),
    });
    expect(start!.costUsd.used).toBeCloseTo(firstTurn!.costUsd!, 12);
    expect(start!.costUsd.remaining).toBeCloseTo(10 - firstTurn!.costUsd!, 12);
    expect(start!.depth).toEqual({ used: 0, limit: 1, remaining: 1 });
    expect(start!.iterations).toEqual({ used: 1, limit: 5, remaining: 4 });
    expect(start!.timeMs.limit).toBe(600_000);
    expect(start!.timeMs.remaining).toBe(600_000 - start!.timeMs.used);

    // The sub-call counts, and its tokens and cost are spent.
    expect(subCall!.tier).toBe("sub");
    expect(afterSubCall!.subCalls.used).toBe(1);
    expect(afterSubCall!.tokens.used).toBe(start!.tokens.used + tokensOf(subCall!));
    expect(afterSubCall!.costUsd.used).toBeCloseTo(start!.costUsd.used + subCall!.costUsd!, 12);
    expect(afterSubCall!.timeMs.used).toBeGreaterThanOrEqual(start!.timeMs.used);

    // Iteration 2: the root's second turn is spent too.
    expect(secondIteration!.iterations).toEqual({ used: 2, limit: 5, remaining: 3 });
    expect(secondIteration!.tokens.used).toBe(afterSubCall!.tokens.used + tokensOf(secondTurn!));

    // The child RLM sees its own depth and iteration and the whole run's sub-calls.
    expect(inChild!.depth).toEqual({ used: 1, limit: 1, remaining: 0 });
    expect(inChild!.iterations).toEqual({ used: 1, limit: 5, remaining: 4 });
    expect(inChild!.subCalls.used).toBe(2);
    expect(inChild!.tokens.used).toBeGreaterThan(secondIteration!.tokens.used);
  });

  it("counts a reply from the memo as a sub-call that spends no tokens or cost", async () => {
    const root = scriptedModel({
      pricing: priced,
      respond: () =>
        repl(
          'await llm_query("same"); const before = await budget(); await llm_query("same"); FINAL(JSON.stringify([before, await budget()]))',
        ),
    });
    const sub = scriptedModel({ pricing: priced, respond: () => "a reply" });
    const rlm = createRLM({ model: root, subModel: sub, sandbox: vmSandbox(), memoize: true });
    const [before, after] = JSON.parse(
      (await rlm.complete({ context: "c", query: "q" })).answer,
    ) as BudgetSnapshot[];
    expect(sub.calls).toHaveLength(1);
    expect(after!.subCalls.used).toBe(before!.subCalls.used + 1);
    expect(after!.tokens.used).toBe(before!.tokens.used);
    expect(after!.costUsd.used).toBe(before!.costUsd.used);
  });

  it("reports null limits and remainders for limits that are not set", async () => {
    const root = scriptedModel({ respond: () => repl("FINAL(JSON.stringify(await budget()))") });
    const rlm = createRLM({ model: root, sandbox: vmSandbox() });
    const snapshot = JSON.parse((await rlm.complete({ context: "c", query: "q" })).answer);
    for (const line of ["costUsd", "tokens", "subCalls", "timeMs"] as const) {
      expect(snapshot[line]).toMatchObject({ limit: null, remaining: null });
    }
    expect(snapshot.subCalls.used).toBe(0);
    expect(snapshot.iterations).toEqual({ used: 1, limit: 30, remaining: 29 });
    expect(snapshot.depth).toEqual({ used: 0, limit: 1, remaining: 1 });
  });
});
