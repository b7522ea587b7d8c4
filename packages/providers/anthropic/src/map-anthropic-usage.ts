import type { Usage } from "@rlm/core";

/** The usage object of a message or of a stream's `message_delta`, as Anthropic reports it. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
  /** The cache writes split by lifetime; the 1-hour cache's writes cost more. */
  cache_creation?: { ephemeral_1h_input_tokens?: number | null } | null;
}

/**
 * Anthropic's `input_tokens` counts only the prompt tokens after the last cache breakpoint;
 * core's `inputTokens` is the whole prompt, so cache reads and writes are added back.
 */
export function mapAnthropicUsage(usage: AnthropicUsage | null | undefined): Usage {
  if (!usage) return {};
  const uncached = usage.input_tokens ?? undefined;
  const cacheRead = usage.cache_read_input_tokens ?? undefined;
  const cacheWrite = usage.cache_creation_input_tokens ?? undefined;
  const anyInput = uncached !== undefined || cacheRead !== undefined || cacheWrite !== undefined;
  const mapped: Usage = {};
  if (anyInput) mapped.inputTokens = (uncached ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0);
  if (usage.output_tokens != null) mapped.outputTokens = usage.output_tokens;
  if (cacheRead !== undefined) mapped.cacheReadInputTokens = cacheRead;
  if (cacheWrite !== undefined) mapped.cacheWriteInputTokens = cacheWrite;
  // Only newer API versions break thinking out of `output_tokens`; without it the split is unknown.
  const thinking = usage.output_tokens_details?.thinking_tokens;
  if (thinking != null) mapped.reasoningTokens = thinking;
  return mapped;
}

/** How many of the cache writes went to the 1-hour cache, when Anthropic says. */
export function cacheWrite1hInputTokens(
  usage: AnthropicUsage | null | undefined,
): number | undefined {
  return usage?.cache_creation?.ephemeral_1h_input_tokens ?? undefined;
}
