import { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";
import {
  ProviderError,
  type ProviderErrorKind,
  parseRetryAfterMs,
  providerErrorKindFromStatus,
} from "@rlm/core";
import { IncompleteStreamError, UnexpectedResponseError } from "./anthropic-call.js";

/** Anthropic's `error.type` values that decide the kind regardless of the HTTP status. */
const KIND_BY_TYPE: Readonly<Record<string, ProviderErrorKind>> = {
  rate_limit_error: "rate-limit",
  overloaded_error: "server",
  api_error: "server",
  authentication_error: "authentication",
  permission_error: "authentication",
  billing_error: "quota",
  invalid_request_error: "invalid-request",
  not_found_error: "invalid-request",
  request_too_large: "invalid-request",
};

export interface MapAnthropicErrorOptions {
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
export function mapAnthropicError(options: MapAnthropicErrorOptions): unknown {
  const { error, provider, abortSignal, response } = options;
  if (ProviderError.isInstance(error)) return error;
  if (abortSignal?.aborted) return abortSignal.reason;
  const requestId = response?.headers.get("request-id") ?? undefined;

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
    const type = errorType(error.error);
    const byType = type ? KIND_BY_TYPE[type] : undefined;
    // A status wins over the type (a 529 is retryable whatever its body says); an error event
    // inside a stream that started well has no status, only the type.
    const kind = error.status ? statusKind(error.status, byType) : (byType ?? "server");
    const headers = error.headers ?? response?.headers;
    const shouldRetry = shouldRetryHeader(headers);
    return new ProviderError({
      kind,
      provider,
      message: `${provider} request failed: ${error.message}`,
      status: error.status,
      ...(shouldRetry !== undefined ? { isRetryable: shouldRetry } : {}),
      retryAfterMs: parseRetryAfterMs(headers),
      requestId: error.requestID ?? requestId,
      cause: error,
    });
  }
  if (error instanceof SyntaxError || error instanceof UnexpectedResponseError) {
    return new ProviderError({
      kind: "invalid-response",
      provider,
      message: `${provider} sent a response that is not a valid message: ${error.message}`,
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
  if (error instanceof IncompleteStreamError) {
    return new ProviderError({
      kind: "invalid-response",
      provider,
      message: error.message,
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

/** The SDK's "Could not resolve authentication method" and failed credential look-ups. */
function isCredentialsError(error: unknown): boolean {
  return error instanceof Error && /authentication|credential|api[ _-]?key/i.test(error.message);
}

/** HTTP status decides, except that a 400 for billing is a quota problem, not a bad request. */
function statusKind(status: number, byType: ProviderErrorKind | undefined): ProviderErrorKind {
  if (byType === "quota" || byType === "content-filter") return byType;
  return providerErrorKindFromStatus(status);
}

/** Anthropic's `x-should-retry` header overrides what the status says about retrying. */
function shouldRetryHeader(
  headers: { get(name: string): string | null } | undefined,
): boolean | undefined {
  const value = headers?.get("x-should-retry");
  return value === "true" ? true : value === "false" ? false : undefined;
}

function errorType(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const nested = (body as { error?: { type?: unknown } }).error;
  if (nested && typeof nested.type === "string") return nested.type;
  const type = (body as { type?: unknown }).type;
  return typeof type === "string" && type !== "error" ? type : undefined;
}

/** The message of an error and of its cause (fetch hides the real reason in `cause`). */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}
