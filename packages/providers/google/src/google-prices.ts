import type { ModelPricing } from "@rlm/core";

/** The day the prices below were read from Google's public Gemini API price list. */
export const PRICES_AS_OF = "2026-03-21";

/** A price per million tokens, with what Gemini bills beyond core's `ModelPricing`. */
export interface GooglePricing extends ModelPricing {
  /**
   * Prices of a request whose prompt (`promptTokenCount`, cached tokens included) exceeds
   * `aboveInputTokens`; they then apply to all of its tokens, output included.
   */
  longContext?: { aboveInputTokens: number; pricing: ModelPricing };
}

function price(options: {
  input: number;
  output: number;
  cacheRead?: number;
  longContext?: { input: number; output: number; cacheRead: number };
}): GooglePricing {
  const { longContext } = options;
  return {
    inputPerMillionUsd: options.input,
    outputPerMillionUsd: options.output,
    ...(options.cacheRead !== undefined ? { cacheReadPerMillionUsd: options.cacheRead } : {}),
    ...(longContext
      ? {
          longContext: {
            aboveInputTokens: 200_000,
            pricing: {
              inputPerMillionUsd: longContext.input,
              outputPerMillionUsd: longContext.output,
              cacheReadPerMillionUsd: longContext.cacheRead,
            },
          },
        }
      : {}),
  };
}

/**
 * Paid-tier prices in US dollars per million text tokens, as of `PRICES_AS_OF`. Output
 * includes thinking. Context-cache storage is billed by the hour and is not part of a call's
 * cost. Keys are model ids; `-preview-...`, `-latest` and `-001` ids of a listed model
 * resolve to it. Models missing here get `costUsd: undefined`; set their price with the
 * `pricing` option rather than guessing.
 */
export const GOOGLE_PRICES: Readonly<Record<string, GooglePricing>> = {
  "gemini-3-pro-preview": price({
    input: 2,
    output: 12,
    cacheRead: 0.2,
    longContext: { input: 4, output: 18, cacheRead: 0.4 },
  }),
  "gemini-3-flash-preview": price({ input: 0.5, output: 3, cacheRead: 0.05 }),
  "gemini-2.5-pro": price({
    input: 1.25,
    output: 10,
    cacheRead: 0.125,
    longContext: { input: 2.5, output: 15, cacheRead: 0.25 },
  }),
  "gemini-2.5-flash": price({ input: 0.3, output: 2.5, cacheRead: 0.03 }),
  "gemini-2.5-flash-lite": price({ input: 0.1, output: 0.4, cacheRead: 0.01 }),
  "gemini-2.0-flash": price({ input: 0.1, output: 0.4, cacheRead: 0.025 }),
  "gemini-2.0-flash-lite": price({ input: 0.075, output: 0.3 }),
};

/**
 * Prompt tokens each model accepts (its input limit), as of `PRICES_AS_OF`. Keyed and
 * resolved like the prices.
 */
export const GOOGLE_CONTEXT_WINDOWS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.keys(GOOGLE_PRICES).map((modelId) => [modelId, 1_048_576]),
);

const VERSION_SUFFIX = /-(preview-[\w-]+|latest|\d{3})$/;

/** A table's entry for a model id, trying the id itself, then without a version suffix. */
function lookUp<T>(table: Readonly<Record<string, T>>, modelId: string): T | undefined {
  const id = modelId.replace(/^models\//, "");
  return table[id] ?? table[id.replace(VERSION_SUFFIX, "")];
}

/** The table's price for a model id, trying the id itself, then without a version suffix. */
export function findGooglePricing(
  modelId: string,
  prices: Readonly<Record<string, GooglePricing>> = GOOGLE_PRICES,
): GooglePricing | undefined {
  return lookUp(prices, modelId);
}

/** The table's context window for a model id, resolved like its price. */
export function findGoogleContextWindow(modelId: string): number | undefined {
  return lookUp(GOOGLE_CONTEXT_WINDOWS, modelId);
}
