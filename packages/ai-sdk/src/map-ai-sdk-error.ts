import {
  APICallError,
  EmptyResponseBodyError,
  InvalidResponseDataError,
  JSONParseError,
  LoadAPIKeyError,
  TypeValidationError,
} from "@ai-sdk/provider";
import { ProviderError, type ProviderErrorKind, providerErrorKindFromStatus } from "@rlm/core";
import { apiRequestError, mapRequestError, type RequestFailure } from "@rlm/provider-utils";

/** Error codes (OpenAI `error.code`, Anthropic `error.type`) that decide the kind over the status. */
const KIND_BY_CODE: Readonly<Record<string, ProviderErrorKind>> = {
  insufficient_quota: "quota",
  billing_error: "quota",
  content_filter: "content-filter",
  content_policy_violation: "content-filter",
  overloaded_error: "server",
};

/**
 * Turns anything a spec model throws into what `generate` should throw: the abort reason when
 * the caller aborted, otherwise a `ProviderError`. An `APICallError` with a status is mapped by
 * that status (429 a rate limit with its `retry-after`, 5xx a server fault, other 4xx refused),
 * the response's `x-should-retry` overriding the kind's default; one without a status never
 * reached the server.
 */
export function mapAISDKError(failure: RequestFailure): unknown {
  const { provider } = failure;
  return mapRequestError({
    ...failure,
    mapApiError: (candidate) => {
      if (LoadAPIKeyError.isInstance(candidate)) {
        return new ProviderError({
          kind: "authentication",
          provider,
          message: `The ${provider} request could not be sent: ${candidate.message}`,
          cause: candidate,
        });
      }
      if (isUnusableResponse(candidate)) return unusableResponse(provider, candidate);
      if (!APICallError.isInstance(candidate) || candidate.statusCode === undefined) return;
      const status = candidate.statusCode;
      // A success status whose body could not be read is the response's fault, not a refusal.
      if (status < 300) return unusableResponse(provider, candidate);
      const headers = new Headers(candidate.responseHeaders);
      return apiRequestError({
        provider,
        kind: kindOfErrorBody(candidate.data) ?? providerErrorKindFromStatus(status),
        detail: candidate.message,
        status,
        headers,
        requestId: headers.get("x-request-id") ?? headers.get("request-id") ?? undefined,
        cause: candidate,
      });
    },
    // The spec's providers wrap a failed `fetch` in an `APICallError` without a status.
    isConnectionError: (candidate) =>
      (APICallError.isInstance(candidate) && candidate.statusCode === undefined) ||
      candidate instanceof TypeError,
  });
}

function isUnusableResponse(error: unknown): error is Error {
  return (
    JSONParseError.isInstance(error) ||
    TypeValidationError.isInstance(error) ||
    InvalidResponseDataError.isInstance(error) ||
    EmptyResponseBodyError.isInstance(error)
  );
}

function unusableResponse(provider: string, error: Error): ProviderError {
  return new ProviderError({
    kind: "invalid-response",
    provider,
    message: `${provider} sent an unusable response: ${error.message}`,
    ...(APICallError.isInstance(error) ? { status: error.statusCode } : {}),
    cause: error,
  });
}

/** The kind an error body's code names, for bodies shaped `{ error: { code | type } }`. */
export function kindOfErrorBody(data: unknown): ProviderErrorKind | undefined {
  const body = (data as { error?: { code?: unknown; type?: unknown } } | undefined)?.error;
  for (const code of [body?.code, body?.type]) {
    if (typeof code === "string" && KIND_BY_CODE[code]) return KIND_BY_CODE[code];
  }
  return undefined;
}
