import type { ModelPricing } from "@rlm/core";

/** The day the prices below were read from Google's public Gemini API price list. */
export const PRICES_AS_OF = "2025-11-20";

function price(input: number, cacheRead: number | undefined, output: number): ModelPricing {
  return {
    inputPerMillionUsd: input,
    outputPerMillionUsd: output,
    ...(cacheRead !== undefined ? { cacheReadPerMillionUsd: cacheRead } : {}),
  };
}

/**
 * Paid-tier prices in US dollars per million text tokens, as of `PRICES_AS_OF`, for prompts
 * up to 200k tokens (longer prompts cost more on the Pro models). Output includes thinking.
 * Context-cache storage is billed by the hour and is not part of a call's cost. Keys are
 * model ids; `-preview-...` and `-latest` ids of a listed model resolve to it. Override with
 * the `pricing` option.
 */
export const GOOGLE_PRICES: Readonly<Record<string, ModelPricing>> = {
  "gemini-3-pro-preview": price(2, 0.2, 12),
  "gemini-2.5-pro": price(1.25, 0.125, 10),
  "gemini-2.5-flash": price(0.3, 0.03, 2.5),
  "gemini-2.5-flash-lite": price(0.1, 0.01, 0.4),
  "gemini-2.0-flash": price(0.1, 0.025, 0.4),
  "gemini-2.0-flash-lite": price(0.075, undefined, 0.3),
};

const VERSION_SUFFIX = /-(preview-[\w-]+|latest|\d{3})$/;

/** The table's price for a model id, trying the id itself, then without a version suffix. */
export function findGooglePricing(
  modelId: string,
  prices: Readonly<Record<string, ModelPricing>> = GOOGLE_PRICES,
): ModelPricing | undefined {
  const id = modelId.replace(/^models\//, "");
  return prices[id] ?? prices[id.replace(VERSION_SUFFIX, "")];
}
