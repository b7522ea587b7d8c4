import type { Usage } from "@rlm/core";
import type { CompletionUsage } from "openai/resources/completions";
import type { ResponseUsage } from "openai/resources/responses/responses";

/**
 * Chat Completions usage. `prompt_tokens` already counts cached tokens and
 * `completion_tokens` already counts reasoning tokens, which is how core counts them too.
 * OpenAI-compatible servers often send only the totals; the details then stay undefined.
 */
export function mapChatUsage(usage: CompletionUsage | null | undefined): Usage {
  return compactUsage({
    inputTokens: usage?.prompt_tokens,
    outputTokens: usage?.completion_tokens,
    cacheReadInputTokens: usage?.prompt_tokens_details?.cached_tokens,
    cacheWriteInputTokens: usage?.prompt_tokens_details?.cache_write_tokens,
    reasoningTokens: usage?.completion_tokens_details?.reasoning_tokens,
  });
}

/** Responses API usage; same inclusive totals as Chat Completions. */
export function mapResponsesUsage(usage: ResponseUsage | null | undefined): Usage {
  // Typed as always present, but servers that mimic the API omit the details.
  const inputDetails = usage?.input_tokens_details as
    | Partial<ResponseUsage.InputTokensDetails>
    | undefined;
  const outputDetails = usage?.output_tokens_details as
    | Partial<ResponseUsage.OutputTokensDetails>
    | undefined;
  return compactUsage({
    inputTokens: usage?.input_tokens,
    outputTokens: usage?.output_tokens,
    cacheReadInputTokens: inputDetails?.cached_tokens,
    cacheWriteInputTokens: inputDetails?.cache_write_tokens,
    reasoningTokens: outputDetails?.reasoning_tokens,
  });
}

/** Keeps only real counts, so an absent or malformed field is `undefined`, never 0. */
function compactUsage(fields: Partial<Record<keyof Usage, unknown>>): Usage {
  const usage: Usage = {};
  for (const [name, value] of Object.entries(fields) as [keyof Usage, unknown][]) {
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) usage[name] = value;
  }
  return usage;
}
