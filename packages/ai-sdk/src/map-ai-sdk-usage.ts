import type { LanguageModelV4Usage } from "@ai-sdk/provider";
import type { Usage } from "@rlm/core";

/**
 * The spec's usage in core's terms. Both count cache reads and writes as part of the input
 * and reasoning as part of the output; a count the provider did not report stays undefined.
 */
export function mapAISDKUsage(usage: LanguageModelV4Usage): Usage {
  const { inputTokens, outputTokens } = usage;
  const mapped: Usage = {};
  if (inputTokens.total !== undefined) mapped.inputTokens = inputTokens.total;
  if (outputTokens.total !== undefined) mapped.outputTokens = outputTokens.total;
  if (inputTokens.cacheRead !== undefined) mapped.cacheReadInputTokens = inputTokens.cacheRead;
  if (inputTokens.cacheWrite !== undefined) mapped.cacheWriteInputTokens = inputTokens.cacheWrite;
  if (outputTokens.reasoning !== undefined) mapped.reasoningTokens = outputTokens.reasoning;
  return mapped;
}
