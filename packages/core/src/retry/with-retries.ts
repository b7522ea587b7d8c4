import { ProviderError } from "../errors/provider-error.js";
import { sleep } from "./sleep.js";

export interface RetryPolicy {
  /** Retries after the first attempt. Default 3. */
  maxRetries: number;
  /** Delay before the first retry; doubles each time. Default 500 ms. */
  initialDelayMs: number;
  /** Ceiling of one delay, `retry-after` included. Default 30 s. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
};

/**
 * Delay before retry number `retry` (1-based): the server's `retry-after` when it gave one,
 * otherwise exponential backoff with full jitter, both capped at `maxDelayMs`.
 */
export function retryDelayMs(options: {
  policy: RetryPolicy;
  retry: number;
  error: ProviderError;
  random?: () => number;
}): number {
  const { policy, retry, error } = options;
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
  return ceiling / 2 + ((options.random ?? Math.random)() * ceiling) / 2;
}

/**
 * Runs `attempt` until it succeeds, fails with an error that is not a retryable
 * `ProviderError`, or runs out of retries. The one retry policy for every provider.
 */
export async function withRetries<T>(options: {
  policy: RetryPolicy;
  attempt: (attemptNumber: number) => Promise<T>;
  abortSignal?: AbortSignal;
  random?: () => number;
}): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await options.attempt(attemptNumber);
    } catch (error) {
      const retry = attemptNumber;
      if (!ProviderError.isInstance(error) || !error.isRetryable) throw error;
      if (retry > options.policy.maxRetries || options.abortSignal?.aborted) throw error;
      const delay = retryDelayMs({
        policy: options.policy,
        retry,
        error,
        ...(options.random ? { random: options.random } : {}),
      });
      await sleep(delay, options.abortSignal);
    }
  }
}
