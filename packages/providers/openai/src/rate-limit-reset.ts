const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
const MS_PER_UNIT: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * OpenAI's 429s often come without `retry-after` but with `x-ratelimit-reset-requests` /
 * `x-ratelimit-reset-tokens` ("1s", "6m0s", "120ms"). The wait is the reset of whichever
 * limit is exhausted; `undefined` when none is known to be.
 */
export function rateLimitResetMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  let longest: number | undefined;
  for (const limit of ["requests", "tokens"]) {
    if (headers.get(`x-ratelimit-remaining-${limit}`) !== "0") continue;
    const reset = parseDurationMs(headers.get(`x-ratelimit-reset-${limit}`));
    if (reset !== undefined) longest = Math.max(longest ?? 0, reset);
  }
  return longest;
}

/** "6m0s" → 360000; `undefined` for anything that is not such a duration. */
export function parseDurationMs(value: string | null): number | undefined {
  if (!value || !/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(value)) return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(DURATION_PART)) {
    total += Number(amount) * (MS_PER_UNIT[unit ?? ""] ?? 0);
  }
  return total;
}
