import type { RLMResult } from "@rlm/core";

/** A one-paragraph account of a finished run: cost, tokens, calls (cache hits), depth and time. */
export function formatSummary(result: RLMResult<unknown>): string {
  const { total } = result.usage;
  const cost =
    result.costUsd === undefined
      ? "unknown (a model has no price)"
      : `$${result.costUsd.toFixed(4)}`;
  const cached = total.cacheReadInputTokens ? `, ${total.cacheReadInputTokens} cached` : "";
  return [
    `cost ${cost}`,
    `tokens ${total.inputTokens ?? 0} in${cached} / ${total.outputTokens ?? 0} out`,
    `${total.calls} model calls${failedAttempts(total)}`,
    // Replies reused by `memoize`: not model calls, and free.
    ...(total.cacheHits ? [`${total.cacheHits} replies from the cache`] : []),
    `${result.subCalls} sub-calls`,
    `depth ${result.depthReached}`,
    `${result.iterations} iterations`,
    `${(result.durationMs / 1000).toFixed(1)} s`,
  ].join(" · ");
}

/** Failed attempts, and how many of them may have been billed (counted at their estimate). */
function failedAttempts(total: RLMResult<unknown>["usage"]["total"]): string {
  if (!total.failedCalls) return "";
  const estimated = total.estimatedCalls
    ? `, ${total.estimatedCalls} possibly billed, counted at their estimate`
    : "";
  return ` (+${total.failedCalls} failed attempts${estimated})`;
}
