import { ApiError } from "@google/genai";
import { type ProviderErrorKind, providerErrorKindFromStatus } from "@rlm/core";
import { apiRequestError, mapRequestError, type RequestFailure } from "@rlm/provider-utils";

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
export function mapGoogleError(failure: RequestFailure): unknown {
  const { provider, response } = failure;
  const requestId = requestIdOf(response);
  return mapRequestError({
    ...failure,
    requestId,
    isConnectionError: isNetworkError,
    mapApiError: (error) => {
      if (!(error instanceof ApiError)) return undefined;
      const status = parseStatus(error.message);
      return apiRequestError({
        provider,
        kind: kindOf(error.status, status),
        detail: status?.message ?? error.message,
        // An error object inside a stream that started with a 2xx carries a code, but the
        // provider did not refuse the request: like the other providers, no HTTP status then,
        // so core books the attempt as possibly billed.
        status: response?.ok ? undefined : error.status,
        headers: response?.headers,
        fallbackRetryAfterMs: retryDelayMs(status),
        requestId,
        cause: error,
      });
    },
  });
}

/** `fetch` rejects with a TypeError ("fetch failed") whose cause holds the socket error. */
function isNetworkError(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  const cause = error instanceof Error ? error.cause : undefined;
  return typeof cause === "object" && cause !== null && "code" in cause;
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
