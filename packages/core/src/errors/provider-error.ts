import { hasErrorMark, markError, RLMError } from "./rlm-error.js";

export type ProviderErrorKind =
  | "rate-limit"
  | "quota"
  | "authentication"
  | "invalid-request"
  | "content-filter"
  | "server"
  | "timeout"
  | "connection"
  | "invalid-response";

const RETRYABLE_KINDS: ReadonlySet<ProviderErrorKind> = new Set([
  "rate-limit",
  "server",
  "timeout",
  "connection",
  "invalid-response",
]);

export interface ProviderErrorOptions {
  kind: ProviderErrorKind;
  provider: string;
  message: string;
  status?: number;
  /** Defaults by kind: rate limits, server faults, timeouts and broken connections retry. */
  isRetryable?: boolean;
  /** From the `retry-after` / `retry-after-ms` headers; core's retry policy honours it. */
  retryAfterMs?: number;
  requestId?: string;
  cause?: unknown;
}

/**
 * A model request failed. Every provider package maps its SDK's failures to this one
 * class, so core's single retry policy and users' handlers see the same shape.
 */
export class ProviderError extends RLMError {
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  readonly status: number | undefined;
  readonly isRetryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;

  constructor(options: ProviderErrorOptions) {
    super({ name: "ProviderError", message: options.message, cause: options.cause });
    markError(this, "ProviderError");
    this.kind = options.kind;
    this.provider = options.provider;
    this.status = options.status;
    this.isRetryable = options.isRetryable ?? RETRYABLE_KINDS.has(options.kind);
    this.retryAfterMs = options.retryAfterMs;
    this.requestId = options.requestId;
  }

  static override isInstance(value: unknown): value is ProviderError {
    return hasErrorMark(value, "ProviderError");
  }
}

/** The one place where an HTTP status becomes an error kind. */
export function providerErrorKindFromStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return "authentication";
  if (status === 402) return "quota";
  if (status === 408) return "timeout";
  if (status === 429) return "rate-limit";
  if (status === 409 || status >= 500) return "server";
  return "invalid-request";
}

/** Reads `retry-after-ms` or `retry-after` (seconds or an HTTP date) from response headers. */
export function parseRetryAfterMs(
  headers: { get(name: string): string | null } | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Shorter strings are placeholders ("unused"), not credentials worth hiding. */
const MIN_SECRET_LENGTH = 8;

/**
 * Removes a credential from a provider error's message, for adapters to call on what they
 * throw: a server or proxy that echoes the API key in its error body would otherwise put it
 * in the message, and from there in trajectories, traces and logs. Returns the same error.
 */
export function redactSecret<T>(error: T, secret: string | null | undefined): T {
  if (!secret || secret.length < MIN_SECRET_LENGTH) return error;
  if (error instanceof Error && error.message.includes(secret)) {
    error.message = error.message.split(secret).join("[redacted credential]");
  }
  return error;
}
