import { ProviderError, type ProviderErrorKind, parseRetryAfterMs } from "@rlm/core";
import { describeCause } from "./describe-cause.js";
import { IncompleteStreamError } from "./incomplete-stream-error.js";
import { retryableByHeader } from "./retryable-by-header.js";
import type { RequestFailure } from "./send-request.js";
import { UnexpectedResponseError } from "./unexpected-response-error.js";

/** What a provider knows about its SDK's errors; the rest of the mapping is shared. */
export interface MapRequestErrorOptions extends RequestFailure {
  /** The request id the response's headers carry, if any. */
  requestId?: string | undefined;
  /** The SDK's own timeout error, raised besides the request's deadline. */
  isTimeoutError?: ((error: unknown) => boolean) | undefined;
  /** The SDK's error for a server's error reply, as a `ProviderError` (see `apiRequestError`). */
  mapApiError: (error: unknown) => ProviderError | undefined;
  /** A failure to reach the server at all. */
  isConnectionError: (error: unknown) => boolean;
}

/**
 * Turns anything an SDK throws into what `generate` should throw: the abort reason when the
 * caller aborted, otherwise a `ProviderError` whose kind decides whether core retries.
 */
export function mapRequestError(options: MapRequestErrorOptions): unknown {
  const { error, provider, abortSignal, response, requestId } = options;
  if (ProviderError.isInstance(error)) return error;
  if (abortSignal?.aborted) return abortSignal.reason;

  if (options.timedOut || options.isTimeoutError?.(error)) {
    return new ProviderError({
      kind: "timeout",
      provider,
      message: `The ${provider} request timed out after ${options.timeoutMs} ms.`,
      requestId,
      cause: error,
    });
  }
  const apiError = options.mapApiError(error);
  if (apiError) return apiError;
  if (
    error instanceof SyntaxError ||
    error instanceof UnexpectedResponseError ||
    error instanceof IncompleteStreamError
  ) {
    const what =
      error instanceof SyntaxError ? "a response that is not valid JSON" : "an unusable response";
    return new ProviderError({
      kind: "invalid-response",
      provider,
      message: `${provider} sent ${what}: ${error.message}`,
      status: response?.status,
      requestId,
      cause: error,
    });
  }
  if (response) {
    // Headers arrived, so the body itself broke: a dropped connection or a cut stream.
    return new ProviderError({
      kind: "invalid-response",
      provider,
      message: `The ${provider} response was cut off: ${describeCause(error)}`,
      status: response.status,
      requestId,
      cause: error,
    });
  }
  if (isCredentialsError(error)) {
    // Missing or unloadable credentials: retrying would not help.
    return new ProviderError({
      kind: "authentication",
      provider,
      message: `The ${provider} request could not be sent: ${describeCause(error)}`,
      cause: error,
    });
  }
  if (options.isConnectionError(error)) {
    return new ProviderError({
      kind: "connection",
      provider,
      message: `Could not reach ${provider}: ${describeCause(error)}`,
      cause: error,
    });
  }
  // What is left failed before sending, for a reason a retry would not change (the SDK
  // refused the request).
  return new ProviderError({
    kind: "invalid-request",
    provider,
    message: `The ${provider} request could not be sent: ${describeCause(error)}`,
    cause: error,
  });
}

/**
 * "The OPENAI_API_KEY environment variable is missing", Vertex AI's Application Default
 * Credentials failing to load and the like; never fetch's own TypeError.
 */
function isCredentialsError(error: unknown): boolean {
  return (
    error instanceof Error &&
    !(error instanceof TypeError) &&
    /credential|api[ _-]?key|authenticat/i.test(error.message)
  );
}

/**
 * A server's error reply as a `ProviderError`: `retry-after` (else `fallbackRetryAfterMs`)
 * says when to come back, `x-should-retry` may override the kind's retry default.
 */
export function apiRequestError(options: {
  provider: string;
  kind: ProviderErrorKind;
  /** What the server said went wrong. */
  detail: string;
  /** Left out for an error inside a stream that started well: the provider did not refuse. */
  status?: number | undefined;
  headers?: { get(name: string): string | null } | undefined;
  fallbackRetryAfterMs?: number | undefined;
  requestId?: string | undefined;
  cause: unknown;
}): ProviderError {
  const { provider, kind, headers } = options;
  const isRetryable = retryableByHeader(headers, kind);
  return new ProviderError({
    kind,
    provider,
    message: `${provider} request failed: ${options.detail}`,
    status: options.status,
    ...(isRetryable !== undefined ? { isRetryable } : {}),
    retryAfterMs: parseRetryAfterMs(headers) ?? options.fallbackRetryAfterMs,
    requestId: options.requestId,
    cause: options.cause,
  });
}
