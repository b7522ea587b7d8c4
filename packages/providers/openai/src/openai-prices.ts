import type { ModelPricing } from "@rlm/core";

/** The day the prices below were read from OpenAI's public price list. */
export const PRICES_AS_OF = "2025-11-20";

function price(input: number, cachedInput: number | undefined, output: number): ModelPricing {
  return {
    inputPerMillionUsd: input,
    outputPerMillionUsd: output,
    ...(cachedInput !== undefined ? { cacheReadPerMillionUsd: cachedInput } : {}),
  };
}

/**
 * Standard-tier prices in US dollars per million tokens, as of `PRICES_AS_OF`. Keys are
 * model aliases; dated snapshots (`gpt-4o-2024-08-06`) resolve to their alias unless listed.
 * Override or extend with the `pricing` option when a price changes or a model is missing.
 */
export const OPENAI_PRICES: Readonly<Record<string, ModelPricing>> = {
  "gpt-5.1": price(1.25, 0.125, 10),
  "gpt-5": price(1.25, 0.125, 10),
  "gpt-5-chat-latest": price(1.25, 0.125, 10),
  "gpt-5-mini": price(0.25, 0.025, 2),
  "gpt-5-nano": price(0.05, 0.005, 0.4),
  "gpt-5-pro": price(15, undefined, 120),
  "gpt-4.1": price(2, 0.5, 8),
  "gpt-4.1-mini": price(0.4, 0.1, 1.6),
  "gpt-4.1-nano": price(0.1, 0.025, 0.4),
  "gpt-4o": price(2.5, 1.25, 10),
  // The first gpt-4o snapshot kept its launch price.
  "gpt-4o-2024-05-13": price(5, undefined, 15),
  "gpt-4o-mini": price(0.15, 0.075, 0.6),
  o3: price(2, 0.5, 8),
  "o3-pro": price(20, undefined, 80),
  "o3-mini": price(1.1, 0.55, 4.4),
  "o4-mini": price(1.1, 0.275, 4.4),
  o1: price(15, 7.5, 60),
  "o1-mini": price(1.1, 0.55, 4.4),
  "o1-pro": price(150, undefined, 600),
};

/**
 * Prompt tokens each model accepts (its context window less the output it reserves), as of
 * `PRICES_AS_OF`: GPT-5 takes 272k of its 400k window as input; for the others the window
 * less their largest output. Keyed and resolved like the prices.
 */
export const OPENAI_CONTEXT_WINDOWS: Readonly<Record<string, number>> = {
  "gpt-5.1": 272_000,
  "gpt-5": 272_000,
  "gpt-5-chat-latest": 111_616,
  "gpt-5-mini": 272_000,
  "gpt-5-nano": 272_000,
  "gpt-5-pro": 272_000,
  "gpt-4.1": 1_014_808,
  "gpt-4.1-mini": 1_014_808,
  "gpt-4.1-nano": 1_014_808,
  "gpt-4o": 111_616,
  "gpt-4o-mini": 111_616,
  o3: 100_000,
  "o3-pro": 100_000,
  "o3-mini": 100_000,
  "o4-mini": 100_000,
  o1: 100_000,
  "o1-mini": 62_464,
  "o1-pro": 100_000,
};

const DATED_SNAPSHOT = /-\d{4}-\d{2}-\d{2}$/;

/** A table's entry for a model id, trying the id itself, then its alias without a date. */
function lookUp<T>(table: Readonly<Record<string, T>>, modelId: string): T | undefined {
  return table[modelId] ?? table[modelId.replace(DATED_SNAPSHOT, "")];
}

/** The table's price for a model id, trying the id itself, then its alias without a date. */
export function findOpenAIPricing(
  modelId: string,
  prices: Readonly<Record<string, ModelPricing>> = OPENAI_PRICES,
): ModelPricing | undefined {
  return lookUp(prices, modelId);
}

/** The table's context window for a model id, resolved like its price. */
export function findOpenAIContextWindow(modelId: string): number | undefined {
  return lookUp(OPENAI_CONTEXT_WINDOWS, modelId);
}
