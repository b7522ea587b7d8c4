import { warnOnce } from "./warn-once.js";

/** Says once per model that its cost cannot be computed, and how to fix that. */
export function warnMissingPrice(options: {
  packageName: string;
  provider: string;
  modelId: string;
}): void {
  const { packageName, provider, modelId } = options;
  warnOnce(
    `price:${provider}:${modelId}`,
    `[${packageName}] No price known for ${provider} model ${modelId}; costUsd will be undefined. Pass the \`pricing\` option to set one.`,
  );
}
