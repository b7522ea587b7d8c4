import { describe, expect, it } from "vitest";
import { computeCostUsd, type ModelPricing } from "./compute-cost.js";

const tiered: ModelPricing = {
  inputPerMillionUsd: 3,
  outputPerMillionUsd: 15,
  cacheReadPerMillionUsd: 0.3,
  longContext: {
    aboveInputTokens: 200_000,
    pricing: { inputPerMillionUsd: 6, outputPerMillionUsd: 22.5, cacheReadPerMillionUsd: 0.6 },
  },
};

describe("computeCostUsd", () => {
  it("bills a prompt up to the threshold at the base prices", () => {
    expect(computeCostUsd(tiered, { inputTokens: 200_000, outputTokens: 1_000 })).toBeCloseTo(
      (200_000 * 3 + 1_000 * 15) / 1e6,
      12,
    );
  });

  it("bills every token of a prompt past the threshold at the long-context prices", () => {
    const usage = { inputTokens: 300_000, cacheReadInputTokens: 100_000, outputTokens: 1_000 };
    expect(computeCostUsd(tiered, usage)).toBeCloseTo(
      (200_000 * 6 + 100_000 * 0.6 + 1_000 * 22.5) / 1e6,
      12,
    );
  });

  it("is undefined without token counts", () => {
    expect(computeCostUsd(tiered, {})).toBeUndefined();
  });
});
