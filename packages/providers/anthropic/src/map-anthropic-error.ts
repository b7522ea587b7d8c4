import { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";
import { type ProviderErrorKind, providerErrorKindFromStatus } from "@rlm/core";
import { apiRequestError, mapStainlessSdkError, type RequestFailure } from "@rlm/provider-utils";

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

/**
 * Turns anything the SDK throws into what `generate` should throw: the abort reason when the
 * caller aborted, otherwise a `ProviderError` whose kind decides whether core retries.
 */
export function mapAnthropicError(failure: RequestFailure): unknown {
  const { provider, response } = failure;
  const requestId = response?.headers.get("request-id") ?? undefined;
  return mapStainlessSdkError({
    ...failure,
    requestId,
    sdk: { APIError, APIConnectionError, APIConnectionTimeoutError },
    mapApiError: (error) => {
      const type = errorType(error.error);
      const byType = type ? KIND_BY_TYPE[type] : undefined;
      // A status wins over the type (a 529 is retryable whatever its body says); an error event
      // inside a stream that started well has no status, only the type.
      const kind = error.status ? statusKind(error.status, byType) : (byType ?? "server");
      return apiRequestError({
        provider,
        kind,
        detail: error.message,
        status: error.status,
        headers: error.headers ?? response?.headers,
        requestId: error.requestID ?? requestId,
        cause: error,
      });
    },
  });
}

/** HTTP status decides, except that a 400 for billing is a quota problem, not a bad request. */
function statusKind(status: number, byType: ProviderErrorKind | undefined): ProviderErrorKind {
  if (byType === "quota" || byType === "content-filter") return byType;
  return providerErrorKindFromStatus(status);
}

function errorType(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const nested = (body as { error?: { type?: unknown } }).error;
  if (nested && typeof nested.type === "string") return nested.type;
  const type = (body as { type?: unknown }).type;
  return typeof type === "string" && type !== "error" ? type : undefined;
}
