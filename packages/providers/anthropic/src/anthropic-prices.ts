import type { ModelPricing } from "@rlm/core";

/** The day the prices below were read from Anthropic's public price list. */
export const PRICES_AS_OF = "2026-03-21";

/** A price per million tokens, with what Anthropic bills beyond core's `ModelPricing`. */
export interface AnthropicPricing extends ModelPricing {
  /** Price of prompt tokens written to the 1-hour cache; defaults to twice the input price. */
  cacheWrite1hPerMillionUsd?: number;
  /**
   * Prices of a request whose whole prompt (cache reads and writes included) exceeds
   * `aboveInputTokens`; they then apply to all of its tokens, as Anthropic bills them.
   */
  longContext?: { aboveInputTokens: number; pricing: AnthropicPricing };
}

/** Cache writes cost 1.25× input (5-minute cache) or 2× (1-hour cache); reads 0.1×. */
function price(
  input: number,
  output: number,
  longContext?: { input: number; output: number },
): AnthropicPricing {
  return {
    inputPerMillionUsd: input,
    outputPerMillionUsd: output,
    cacheReadPerMillionUsd: round(input * 0.1),
    cacheWritePerMillionUsd: round(input * 1.25),
    cacheWrite1hPerMillionUsd: round(input * 2),
    ...(longContext
      ? {
          longContext: {
            aboveInputTokens: 200_000,
            pricing: price(longContext.input, longContext.output),
          },
        }
      : {}),
  };
}

function round(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}

/** Sonnet 4 and 4.5 bill prompts over 200k tokens (1M-context beta) at a higher rate. */
const SONNET_LONG_CONTEXT = { input: 6, output: 22.5 };

/**
 * Standard prices in US dollars per million tokens, as of `PRICES_AS_OF`. Keys are model
 * aliases; dated snapshots (`claude-haiku-4-5-20251001`) and `-latest` ids resolve to their
 * alias. Models missing here get `costUsd: undefined`; set their price with the `pricing`
 * option rather than guessing.
 */
export const ANTHROPIC_PRICES: Readonly<Record<string, AnthropicPricing>> = {
  "claude-opus-4-6": price(5, 25),
  "claude-opus-4-5": price(5, 25),
  "claude-opus-4-1": price(15, 75),
  "claude-opus-4-0": price(15, 75),
  "claude-opus-4": price(15, 75),
  "claude-sonnet-4-6": price(3, 15),
  "claude-sonnet-4-5": price(3, 15, SONNET_LONG_CONTEXT),
  "claude-sonnet-4-0": price(3, 15, SONNET_LONG_CONTEXT),
  "claude-sonnet-4": price(3, 15, SONNET_LONG_CONTEXT),
  "claude-3-7-sonnet": price(3, 15),
  "claude-haiku-4-5": price(1, 5),
  "claude-3-5-haiku": price(0.8, 4),
  "claude-3-haiku": price(0.25, 1.25),
  "claude-3-opus": price(15, 75),
};

/**
 * Context windows in tokens, as of `PRICES_AS_OF`: 200k for every listed model, prompt and
 * output together (Sonnet 4 and 4.5 reach 1M only in a beta that must be asked for; pass
 * `contextWindowTokens` then). Keyed and resolved like the prices.
 */
export const ANTHROPIC_CONTEXT_WINDOWS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.keys(ANTHROPIC_PRICES).map((modelId) => [modelId, 200_000]),
);

const SNAPSHOT_SUFFIX = /-(\d{8}|latest)$/;

/** A table's entry for a model id, trying the id itself, then its alias without a date. */
function lookUp<T>(table: Readonly<Record<string, T>>, modelId: string): T | undefined {
  return table[modelId] ?? table[modelId.replace(SNAPSHOT_SUFFIX, "")];
}

/** The table's price for a model id, trying the id itself, then its alias without a date. */
export function findAnthropicPricing(
  modelId: string,
  prices: Readonly<Record<string, AnthropicPricing>> = ANTHROPIC_PRICES,
): AnthropicPricing | undefined {
  return lookUp(prices, modelId);
}

/** The table's context window for a model id, resolved like its price. */
export function findAnthropicContextWindow(modelId: string): number | undefined {
  return lookUp(ANTHROPIC_CONTEXT_WINDOWS, modelId);
}
