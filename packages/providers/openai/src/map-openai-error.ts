import { ProviderError, type ProviderErrorKind, providerErrorKindFromStatus } from "@rlm/core";
import { apiRequestError, mapStainlessSdkError, type RequestFailure } from "@rlm/provider-utils";
import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
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

/**
 * Turns anything the SDK throws into what `generate` should throw: the abort reason when the
 * caller aborted, otherwise a `ProviderError` whose kind decides whether core retries.
 */
export function mapOpenAIError(failure: RequestFailure): unknown {
  const { provider, response } = failure;
  const requestId = response?.headers.get("x-request-id") ?? undefined;
  return mapStainlessSdkError({
    ...failure,
    requestId,
    sdk: { APIError, APIConnectionError, APIConnectionTimeoutError },
    mapApiError: (error) => {
      // Some gateways and older endpoints put `insufficient_quota` in `type` with no `code`.
      const byCode = kindOfCode(error.code) ?? kindOfCode(error.type);
      // No status means the failure arrived as an event inside a stream that had started well.
      const kind = byCode ?? (error.status ? providerErrorKindFromStatus(error.status) : "server");
      return apiRequestError({
        provider,
        kind,
        detail: error.message,
        status: error.status,
        headers: error.headers,
        fallbackRetryAfterMs: kind === "rate-limit" ? rateLimitResetMs(error.headers) : undefined,
        requestId: error.requestID ?? requestId,
        cause: error,
      });
    },
  });
}

function kindOfCode(code: unknown): ProviderErrorKind | undefined {
  return typeof code === "string" ? KIND_BY_CODE[code] : undefined;
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
