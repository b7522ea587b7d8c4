import { describe, expect, it } from "vitest";
import { UsageLedger } from "./usage-ledger.js";

const entry = {
  nodeId: "node-1",
  depth: 0,
  tier: "root",
  provider: "p",
  modelId: "m",
  attempt: 1,
};

describe("UsageLedger", () => {
  it("sums usage and cost by model, depth and tier", () => {
    const ledger = new UsageLedger();
    ledger.record({
      ...entry,
      callId: "1",
      status: "ok",
      usage: { inputTokens: 10, outputTokens: 2 },
      costUsd: 0.5,
    });
    ledger.record({
      ...entry,
      callId: "2",
      depth: 1,
      tier: "depth-1",
      status: "ok",
      usage: { inputTokens: 5, outputTokens: 1, cacheReadInputTokens: 3 },
      costUsd: 0.25,
    });
    ledger.record({ ...entry, callId: "3", status: "failed", usage: {} });
    const report = ledger.report();
    expect(report.total).toEqual({
      calls: 2,
      failedCalls: 1,
      estimatedCalls: 0,
      cacheHits: 0,
      inputTokens: 15,
      outputTokens: 3,
      cacheReadInputTokens: 3,
      costUsd: 0.75,
    });
    expect(report.byDepth["1"]?.costUsd).toBe(0.25);
    expect(report.byTier.root).toMatchObject({ calls: 1, failedCalls: 1, costUsd: 0.5 });
    expect(report.byModel["p:m"]?.calls).toBe(2);
  });

  it("counts a failed attempt that may have been billed at its estimate, and says so", () => {
    const ledger = new UsageLedger();
    ledger.record({ ...entry, callId: "1", status: "failed", usage: {} });
    ledger.record({
      ...entry,
      callId: "2",
      status: "failed",
      usage: { inputTokens: 100, outputTokens: 50 },
      costUsd: 0.2,
      usageEstimated: true,
    });
    ledger.record({
      ...entry,
      callId: "3",
      modelId: "unpriced",
      status: "failed",
      usage: { inputTokens: 7, outputTokens: 1 },
      usageEstimated: true,
    });
    const report = ledger.report();
    expect(report.byModel["p:m"]).toEqual({
      calls: 0,
      failedCalls: 2,
      estimatedCalls: 1,
      cacheHits: 0,
      inputTokens: 100,
      outputTokens: 50,
      costUsd: 0.2,
    });
    // An unpriced model's estimate still counts its tokens; its cost is unknown.
    expect(report.total).toMatchObject({ estimatedCalls: 2, inputTokens: 107, outputTokens: 51 });
    expect(report.total.costUsd).toBeUndefined();
  });

  it("counts replies from the memo as cache hits, adding no calls, tokens or cost", () => {
    const ledger = new UsageLedger();
    ledger.record({ ...entry, callId: "1", status: "ok", usage: { inputTokens: 8 }, costUsd: 0.1 });
    ledger.record({
      ...entry,
      callId: "2",
      status: "ok",
      usage: { inputTokens: 0, outputTokens: 0 },
      costUsd: 0,
      cached: true,
    });
    const report = ledger.report();
    expect(report.total).toEqual({
      calls: 1,
      failedCalls: 0,
      estimatedCalls: 0,
      cacheHits: 1,
      inputTokens: 8,
      costUsd: 0.1,
    });
    expect(report.byTier.root?.cacheHits).toBe(1);
    expect(ledger.costOf(new Set(["node-1"]))).toBe(0.1);
  });

  it("reports an unknown cost as undefined, never as 0", () => {
    const ledger = new UsageLedger();
    ledger.record({ ...entry, callId: "1", status: "ok", usage: { inputTokens: 1 }, costUsd: 0.1 });
    ledger.record({
      ...entry,
      callId: "2",
      modelId: "unpriced",
      status: "ok",
      usage: { inputTokens: 1 },
    });
    const report = ledger.report();
    expect(report.total.costUsd).toBeUndefined();
    expect(report.byModel["p:m"]?.costUsd).toBe(0.1);
    expect(report.byModel["p:unpriced"]?.costUsd).toBeUndefined();
    expect(ledger.costOf(new Set(["node-1"]))).toBeUndefined();
  });
});
