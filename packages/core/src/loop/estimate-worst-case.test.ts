import { describe, expect, it } from "vitest";
import type { LanguageModel } from "../model/language-model.js";
import type { ModelPricing } from "../usage/compute-cost.js";
import {
  estimatePromptTokens,
  estimateWorstCase,
  IMAGE_TOKENS_ESTIMATE,
} from "./estimate-worst-case.js";

function model(pricing: ModelPricing): LanguageModel {
  return {
    provider: "test",
    modelId: "tiered",
    pricing,
    generate: () => Promise.reject(new Error("not called")),
  };
}

const tiered: ModelPricing = {
  inputPerMillionUsd: 3,
  outputPerMillionUsd: 15,
  cacheWritePerMillionUsd: 3.75,
  longContext: {
    aboveInputTokens: 200_000,
    pricing: { inputPerMillionUsd: 6, outputPerMillionUsd: 22.5, cacheWritePerMillionUsd: 7.5 },
  },
};

describe("estimateWorstCase", () => {
  it("reserves the prompt at 3 characters a token plus framing, and the whole output cap", () => {
    const reservation = estimateWorstCase({
      model: model(tiered),
      messages: [{ role: "user", content: "x".repeat(3_000) }],
      maxOutputTokens: 1_000,
    });
    expect(reservation.tokens).toBe(1_000 + 8 + 1_000);
    // Input at the dearer cache-write price.
    expect(reservation.costUsd).toBeCloseTo((1_008 * 3.75 + 1_000 * 15) / 1e6, 12);
  });

  it("reserves a prompt past the long-context threshold at the long-context prices", () => {
    const reservation = estimateWorstCase({
      model: model(tiered),
      messages: [{ role: "user", content: "x".repeat(1_200_000) }],
      maxOutputTokens: 1_000,
    });
    const inputTokens = 400_000 + 8;
    expect(reservation.costUsd).toBeCloseTo((inputTokens * 7.5 + 1_000 * 22.5) / 1e6, 12);
  });

  it("counts each image part as IMAGE_TOKENS_ESTIMATE tokens and text parts by characters", () => {
    const image = {
      type: "image" as const,
      data: new Uint8Array(10),
      mediaType: "image/png" as const,
    };
    const tokens = estimatePromptTokens([
      { role: "user", content: [{ type: "text", text: "x".repeat(300) }, image, image] },
    ]);
    expect(tokens).toBe(100 + 2 * IMAGE_TOKENS_ESTIMATE + 8);
  });

  it("reserves for an image at least what OpenAI bills one at its patch cap on its dearest multiplier", () => {
    // gpt-4.1-nano and gpt-5-nano: at most 1,536 patches of 32 px, times 2.46.
    const image = {
      type: "image" as const,
      data: new Uint8Array(10),
      mediaType: "image/png" as const,
    };
    const withImage = estimatePromptTokens([{ role: "user", content: [image] }]);
    const without = estimatePromptTokens([{ role: "user", content: [] }]);
    expect(withImage - without).toBeGreaterThanOrEqual(Math.ceil(1_536 * 2.46));
  });
});
