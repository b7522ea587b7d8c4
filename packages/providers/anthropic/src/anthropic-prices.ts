import type { ModelPricing } from "@rlm/core";

/** The day the prices below were read from Anthropic's public price list. */
export const PRICES_AS_OF = "2025-11-20";

/** Cache writes are the 5-minute cache's price (1.25× input); reads are 0.1× input. */
function price(input: number, output: number): ModelPricing {
  return {
    inputPerMillionUsd: input,
    outputPerMillionUsd: output,
    cacheReadPerMillionUsd: round(input * 0.1),
    cacheWritePerMillionUsd: round(input * 1.25),
  };
}

function round(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}

/**
 * Standard prices in US dollars per million tokens, as of `PRICES_AS_OF`, for prompts up to
 * 200k tokens. Keys are model aliases; dated snapshots (`claude-sonnet-4-5-20250929`) and
 * `-latest` ids resolve to their alias. Override with the `pricing` option.
 */
export const ANTHROPIC_PRICES: Readonly<Record<string, ModelPricing>> = {
  "claude-opus-4-5": price(5, 25),
  "claude-opus-4-1": price(15, 75),
  "claude-opus-4-0": price(15, 75),
  "claude-opus-4": price(15, 75),
  "claude-sonnet-4-5": price(3, 15),
  "claude-sonnet-4-0": price(3, 15),
  "claude-sonnet-4": price(3, 15),
  "claude-3-7-sonnet": price(3, 15),
  "claude-haiku-4-5": price(1, 5),
  "claude-3-5-haiku": price(0.8, 4),
  "claude-3-haiku": price(0.25, 1.25),
  "claude-3-opus": price(15, 75),
};

const SNAPSHOT_SUFFIX = /-(\d{8}|latest)$/;

/** The table's price for a model id, trying the id itself, then its alias without a date. */
export function findAnthropicPricing(
  modelId: string,
  prices: Readonly<Record<string, ModelPricing>> = ANTHROPIC_PRICES,
): ModelPricing | undefined {
  return prices[modelId] ?? prices[modelId.replace(SNAPSHOT_SUFFIX, "")];
}
