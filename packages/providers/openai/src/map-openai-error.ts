import {
  ProviderError,
  type ProviderErrorKind,
  parseRetryAfterMs,
  providerErrorKindFromStatus,
} from "@rlm/core";
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { IncompleteStreamError, UnexpectedResponseError } from "./openai-call.js";
import { rateLimitResetMs } from "./rate-limit-reset.js";

/** Error codes OpenAI puts in error bodies and stream error events that decide the kind. */
const KIND_BY_CODE: Readonly<Record<string, ProviderErrorKind>> = {
  insufficient_quota: "quota",
  rate_limit_exceeded: "rate-limit",
  invalid_api_key: "authentication",
  content_filter: "content-filter",
  content_policy_violation: "content-filter",
  image_content_policy_violation: "content-filter",
  bio_policy: "content-filter",
  misalignment_policy_violation: "content-filter",
  server_error: "server",
};

export interface MapOpenAIErrorOptions {
  error: unknown;
  provider: string;
  /** The caller's signal: an abort surfaces as its reason, never as a retryable error. */
  abortSignal?: AbortSignal | undefined;
  /** Whether the request's own deadline fired. */
  timedOut: boolean;
  timeoutMs: number;
  /** The HTTP response, when its headers arrived before the failure. */
  response?: Response | undefined;
}

/**
 * Turns anything the SDK throws into what `generate` should throw: the abort reason when the
 * caller aborted, otherwise a `ProviderError` whose kind decides whether core retries.
 */
export function mapOpenAIError(options: MapOpenAIErrorOptions): unknown {
  const { error, provider, abortSignal, response } = options;
  if (ProviderError.isInstance(error)) return error;
  if (abortSignal?.aborted) return abortSignal.reason;
  const requestId = response?.headers.get("x-request-id") ?? undefined;

  if (options.timedOut || error instanceof APIConnectionTimeoutError) {
    return new ProviderError({
      kind: "timeout",
      provider,
      message: `The ${provider} request timed out after ${options.timeoutMs} ms.`,
      requestId,
      cause: error,
    });
  }
  if (error instanceof APIConnectionError) {
    return new ProviderError({
      kind: "connection",
      provider,
      message: `Could not reach ${provider}: ${describeCause(error)}`,
      cause: error,
    });
  }
  if (error instanceof APIError) {
    // Some gateways and older endpoints put `insufficient_quota` in `type` with no `code`.
    const byCode = kindOfCode(error.code) ?? kindOfCode(error.type);
    // No status means the failure arrived as an event inside a stream that had started well.
    const kind = byCode ?? (error.status ? providerErrorKindFromStatus(error.status) : "server");
    const isRetryable = retryableByHeader(error.headers, kind);
    return new ProviderError({
      kind,
      provider,
      message: `${provider} request failed: ${error.message}`,
      status: error.status,
      ...(isRetryable !== undefined ? { isRetryable } : {}),
      retryAfterMs:
        parseRetryAfterMs(error.headers) ??
        (kind === "rate-limit" ? rateLimitResetMs(error.headers) : undefined),
      requestId: error.requestID ?? requestId,
      cause: error,
    });
  }
  if (error instanceof SyntaxError) {
    return new ProviderError({
      kind: "invalid-response",
      provider,
      message: `${provider} sent a response that is not valid JSON: ${error.message}`,
      status: response?.status,
      requestId,
      cause: error,
    });
  }
  if (error instanceof IncompleteStreamError || error instanceof UnexpectedResponseError) {
    return new ProviderError({
      kind: "invalid-response",
      provider,
      message: `${provider} sent an unusable response: ${error.message}`,
      status: response?.status,
      requestId,
      cause: error,
    });
  }
  if (response) {
    // Headers arrived, so the body itself broke: a dropped connection mid-response.
    return new ProviderError({
      kind: "invalid-response",
      provider,
      message: `The ${provider} response was cut off: ${describeCause(error)}`,
      status: response.status,
      requestId,
      cause: error,
    });
  }
  // The SDK wraps network failures in APIConnectionError, so what is left failed before
  // sending: missing credentials or a request the SDK refused. Retrying would not help.
  return new ProviderError({
    kind: isCredentialsError(error) ? "authentication" : "invalid-request",
    provider,
    message: `The ${provider} request could not be sent: ${describeCause(error)}`,
    cause: error,
  });
}

/** Kinds no retry can fix, whatever a server or gateway says. */
const NEVER_RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(["quota", "authentication"]);

/**
 * OpenAI's `x-should-retry` header overrides what the status says about retrying (the SDK's
 * own retry logic reads it too); `undefined` leaves the kind's default.
 */
function retryableByHeader(
  headers: Headers | undefined,
  kind: ProviderErrorKind,
): boolean | undefined {
  const value = headers?.get("x-should-retry");
  if (value === "false") return false;
  if (value === "true" && !NEVER_RETRYABLE.has(kind)) return true;
  return undefined;
}

function kindOfCode(code: unknown): ProviderErrorKind | undefined {
  return typeof code === "string" ? KIND_BY_CODE[code] : undefined;
}

/** The SDK's "The OPENAI_API_KEY environment variable is missing or empty" and the like. */
function isCredentialsError(error: unknown): boolean {
  return error instanceof Error && /api[ _-]?key|credential|authenticat/i.test(error.message);
}

/** The message of an error and of its cause (fetch hides the real reason in `cause`). */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}

/**
 * A failure the server reported inside a successful HTTP response: a Responses API
 * `status: "failed"` or a stream's `response.failed` / `error` event.
 */
export function reportedFailureError(options: {
  provider: string;
  code?: string | null | undefined;
  message?: string | undefined;
  response?: Response | undefined;
}): ProviderError {
  const { provider, code, response } = options;
  return new ProviderError({
    kind: kindOfCode(code) ?? "server",
    provider,
    message: `${provider} reported a failure${code ? ` (${code})` : ""}: ${options.message ?? "no message"}`,
    requestId: response?.headers.get("x-request-id") ?? undefined,
  });
}
