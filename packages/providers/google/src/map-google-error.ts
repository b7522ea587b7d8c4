import { ApiError } from "@google/genai";
import {
  ProviderError,
  type ProviderErrorKind,
  parseRetryAfterMs,
  providerErrorKindFromStatus,
} from "@rlm/core";
import { IncompleteStreamError, UnexpectedResponseError } from "./google-call.js";

export interface MapGoogleErrorOptions {
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

/** The `error` object of a Google API error body (`google.rpc.Status`). */
interface GoogleStatus {
  code?: number;
  message?: string;
  status?: string;
  details?: {
    "@type"?: string;
    reason?: string;
    retryDelay?: string;
    violations?: { quotaId?: string }[];
  }[];
}

/**
 * Turns anything the SDK throws into what `generate` should throw: the abort reason when the
 * caller aborted, otherwise a `ProviderError` whose kind decides whether core retries.
 */
export function mapGoogleError(options: MapGoogleErrorOptions): unknown {
  const { error, provider, abortSignal, response } = options;
  if (ProviderError.isInstance(error)) return error;
  if (abortSignal?.aborted) return abortSignal.reason;
  const requestId = requestIdOf(response);

  if (options.timedOut) {
    return new ProviderError({
      kind: "timeout",
      provider,
      message: `The ${provider} request timed out after ${options.timeoutMs} ms.`,
      requestId,
      cause: error,
    });
  }
  if (error instanceof ApiError) {
    const status = parseStatus(error.message);
    const kind = kindOf(error.status, status);
    return new ProviderError({
      kind,
      provider,
      message: `${provider} request failed: ${status?.message ?? error.message}`,
      // An error object inside a stream that started with a 2xx carries a code, but the
      // provider did not refuse the request: like the other providers, no HTTP status then,
      // so core books the attempt as possibly billed.
      ...(response?.ok ? {} : { status: error.status }),
      retryAfterMs: parseRetryAfterMs(response?.headers) ?? retryDelayMs(status),
      requestId,
      cause: error,
    });
  }
  if (
    error instanceof SyntaxError ||
    error instanceof UnexpectedResponseError ||
    error instanceof IncompleteStreamError
  ) {
    return new ProviderError({
      kind: "invalid-response",
      provider,
      message: `${provider} sent an invalid response: ${error.message}`,
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
    return new ProviderError({
      kind: "authentication",
      provider,
      message: `${provider} credentials could not be obtained: ${describeCause(error)}`,
      cause: error,
    });
  }
  if (!isNetworkError(error)) {
    // Failed before sending, for a reason a retry would not change (the SDK refused the request).
    return new ProviderError({
      kind: "invalid-request",
      provider,
      message: `The ${provider} request could not be sent: ${describeCause(error)}`,
      cause: error,
    });
  }
  return new ProviderError({
    kind: "connection",
    provider,
    message: `Could not reach ${provider}: ${describeCause(error)}`,
    cause: error,
  });
}

/** `fetch` rejects with a TypeError ("fetch failed") whose cause holds the socket error. */
function isNetworkError(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  const cause = error instanceof Error ? error.cause : undefined;
  return typeof cause === "object" && cause !== null && "code" in cause;
}

/** Vertex AI's Application Default Credentials failing to load, or a missing API key. */
function isCredentialsError(error: unknown): boolean {
  return (
    error instanceof Error &&
    !(error instanceof TypeError) &&
    /credential|api[ _-]?key|authenticat/i.test(error.message)
  );
}

/**
 * Google reports an invalid API key as a 400 and disabled billing as a 403; both say why. A
 * 429 is a rate limit unless a daily quota ran out, which no retry within a run can outwait.
 */
function kindOf(httpStatus: number, status: GoogleStatus | undefined): ProviderErrorKind {
  const details = status?.details ?? [];
  const reasons = details.map((detail) => detail.reason);
  if (reasons.includes("API_KEY_INVALID") || status?.status === "UNAUTHENTICATED") {
    return "authentication";
  }
  if (reasons.includes("BILLING_DISABLED")) return "quota";
  const quotaIds = details
    .flatMap((detail) => detail.violations ?? [])
    .map((violation) => violation.quotaId);
  if (quotaIds.some((id) => typeof id === "string" && /PerDay/i.test(id))) return "quota";
  return providerErrorKindFromStatus(httpStatus);
}

/** The SDK puts the error body, as JSON, into the message (after a prefix for stream errors). */
function parseStatus(message: string): GoogleStatus | undefined {
  const start = message.indexOf("{");
  if (start < 0) return undefined;
  try {
    const body = JSON.parse(message.slice(start)) as { error?: GoogleStatus };
    return typeof body?.error === "object" && body.error !== null ? body.error : undefined;
  } catch {
    return undefined;
  }
}

/** Gemini's 429s say when to come back in a `RetryInfo` detail (`"retryDelay": "13s"`). */
function retryDelayMs(status: GoogleStatus | undefined): number | undefined {
  const delay = status?.details?.find((detail) => detail.retryDelay !== undefined)?.retryDelay;
  const seconds = delay ? Number.parseFloat(delay) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

function requestIdOf(response: Response | undefined): string | undefined {
  return (
    response?.headers.get("x-request-id") ?? response?.headers.get("x-goog-request-id") ?? undefined
  );
}

/** The message of an error and of its cause (fetch hides the real reason in `cause`). */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}
