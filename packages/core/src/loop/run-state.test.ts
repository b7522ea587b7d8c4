import { describe, expect, it } from "vitest";
import { BudgetExceededError } from "../errors/budget-exceeded-error.js";
import { RunAbortedError } from "../errors/run-aborted-error.js";
import { scriptedModel } from "../testing/scripted-model.js";
import { vmSandbox } from "../testing/vm-sandbox.js";
import { resolveOptions } from "./resolve-options.js";
import type { RLMLimits } from "./rlm-options.js";
import { RunState } from "./run-state.js";

function newRun(options: { limits?: RLMLimits; abortSignal?: AbortSignal } = {}): RunState {
  const settings = resolveOptions({
    model: scriptedModel({ replies: [] }),
    sandbox: vmSandbox(),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  return new RunState(settings, [], options.abortSignal);
}

describe("RunState: stopping", () => {
  it("records the first reason only, aborts the run's signal with it and returns it to later stops", () => {
    const run = newRun();
    expect(run.stopReason).toBeUndefined();
    expect(() => run.throwIfStopped()).not.toThrow();
    const first = new Error("first");
    expect(run.stop(first)).toBe(first);
    expect(run.stop(new Error("second"))).toBe(first);
    expect(run.stopReason).toBe(first);
    expect(run.abortSignal.reason).toBe(first);
    expect(() => run.throwIfStopped()).toThrow(first);
  });

  it("a limit or an abort carries the root's latest reply, recorded before or after the stop", () => {
    const before = newRun();
    before.recordPartialAnswer("draft 1");
    before.recordPartialAnswer("draft 2");
    const limit = new BudgetExceededError({
      limit: "maxCostUsd",
      limitValue: 1,
      used: 1,
      message: "Cost limit.",
    });
    before.stop(limit);
    expect(limit.partialAnswer).toBe("draft 2");

    const controller = new AbortController();
    const after = newRun({ abortSignal: controller.signal });
    controller.abort();
    after.recordPartialAnswer("late draft");
    expect(RunAbortedError.isInstance(after.stopReason)).toBe(true);
    expect((after.stopReason as RunAbortedError).partialAnswer).toBe("late draft");
  });

  it("a budget limit reached by a reservation or a sub-call stops the run with that limit", () => {
    const byCost = newRun({ limits: { maxTokens: 10 } });
    expect(() => byCost.reserve({ costUsd: 0, tokens: 11 })).toThrow(BudgetExceededError);
    expect((byCost.stopReason as BudgetExceededError).limit).toBe("maxTokens");
    expect(byCost.abortSignal.aborted).toBe(true);

    const bySubCalls = newRun({ limits: { maxSubCalls: 1 } });
    bySubCalls.countSubCall();
    expect(bySubCalls.stopReason).toBeUndefined();
    expect(() => bySubCalls.countSubCall()).toThrow(/Sub-call limit/);
    expect((bySubCalls.stopReason as BudgetExceededError).limit).toBe("maxSubCalls");
  });

  it("a limit reached after the run stopped throws the reason it stopped with", () => {
    const run = newRun({ limits: { maxSubCalls: 0 } });
    const aborted = new RunAbortedError({});
    run.stop(aborted);
    expect(() => run.countSubCall()).toThrow(aborted);
  });

  it("ending a run aborts what is in flight without stopping it", async () => {
    const run = newRun();
    await run.end();
    expect(run.abortSignal.aborted).toBe(true);
    expect(run.stopReason).toBeUndefined();
    run.dispose();
  });
});
