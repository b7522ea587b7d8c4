import type { RLMResult } from "@rlm/core";
import { describe, expect, it } from "vitest";
import { formatSummary } from "./format-summary.js";

function result(total: Partial<RLMResult<unknown>["usage"]["total"]>): RLMResult<unknown> {
  return {
    runId: "run-1",
    answer: "a",
    usage: {
      total: {
        calls: 3,
        failedCalls: 0,
        estimatedCalls: 0,
        cacheHits: 0,
        inputTokens: 10,
        outputTokens: 5,
        ...total,
      },
      byModel: {},
      byDepth: {},
      byTier: {},
    },
    costUsd: 0.01,
    iterations: 2,
    depthReached: 1,
    subCalls: 4,
    durationMs: 1500,
    trajectory: [],
  };
}

describe("formatSummary", () => {
  it("says how many failed attempts may have been billed and are counted at their estimate", () => {
    expect(formatSummary(result({ failedCalls: 2, estimatedCalls: 1 }))).toContain(
      "3 model calls (+2 failed attempts, 1 possibly billed, counted at their estimate)",
    );
    expect(formatSummary(result({ failedCalls: 1 }))).toContain(
      "3 model calls (+1 failed attempts)",
    );
    expect(formatSummary(result({}))).toContain("3 model calls · 4 sub-calls");
  });

  it("counts the replies reused from the cache beside the model calls, when there are any", () => {
    expect(formatSummary(result({ cacheHits: 2 }))).toContain(
      "3 model calls · 2 replies from the cache · 4 sub-calls",
    );
    expect(formatSummary(result({}))).not.toContain("cache");
  });
});
