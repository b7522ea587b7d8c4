import type { GenerateResult } from "@rlm/core";
import { warnOnce } from "./warn-once.js";

/**
 * A result with its cost from the model's prices. Without a price the cost stays unknown
 * (never 0, which budgets would take for free) and the model warns once, saying how to set one.
 */
export function withCostUsd<Pricing>(options: {
  result: Omit<GenerateResult, "costUsd">;
  pricing: Pricing | undefined;
  computeCostUsd: (pricing: Pricing) => number | undefined;
  /** The package the warning names, e.g. `@rlm/openai`. */
  packageName: string;
  provider: string;
  modelId: string;
}): GenerateResult {
  const { result, pricing, packageName, provider, modelId } = options;
  if (pricing === undefined) {
    warnOnce(
      `price:${provider}:${modelId}`,
      `[${packageName}] No price known for ${provider} model ${modelId}; costUsd will be undefined. Pass the \`pricing\` option to set one.`,
    );
    return result;
  }
  const costUsd = options.computeCostUsd(pricing);
  return costUsd === undefined ? result : { ...result, costUsd };
}
