import type { StructuredReply } from "../structured-output.js";
import type { TextReply } from "../text-reply.js";

interface ReplyBase {
  /** Waits this long before answering (the wait ends early if the client goes away). */
  delayMs?: number;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
}

/** Fixtures shipped in `__fixtures__/`. */
export type GoogleFixtureName =
  | "generate-text"
  | "generate-thinking"
  | "generate-max-tokens"
  | "generate-safety"
  | "generate-blocked-prompt"
  | "generate-long-context";

/**
 * What the server does with one request. Replies are taken from a queue, one per request;
 * when it is empty the server's `respond` function answers, and without one a 500 does, so a
 * test that sends more than it scripted fails.
 */
export type GoogleReply =
  /** The fixture's `.json` for `:generateContent`, its `.chunks.txt` for `:streamGenerateContent`. */
  | (ReplyBase & { kind: "fixture"; fixture: GoogleFixtureName | (string & {}) })
  /** Any JSON body with status 200 (or `status`). */
  | (ReplyBase & { kind: "json"; body: unknown; status?: number })
  /** An HTTP error with a Google-shaped body (`{ error: { code, message, status } }` by default). */
  | (ReplyBase & { kind: "error"; status: number; body?: unknown })
  /** A 200 with `content-type: application/json` whose body is not valid JSON. */
  | (ReplyBase & { kind: "malformed-json" })
  /** Arbitrary `data:` chunks of an SSE stream, e.g. an error object midway. */
  | (ReplyBase & { kind: "sse"; chunks: readonly string[] })
  /**
   * The fixture's stream, stopped after `afterChunks` chunks: `"destroy"` drops the socket,
   * `"end"` closes the body cleanly (no finish reason), `"hang"` keeps the connection open
   * until the client gives up.
   */
  | (ReplyBase & {
      kind: "cut-stream";
      fixture: GoogleFixtureName | (string & {});
      afterChunks: number;
      ending: "destroy" | "end" | "hang";
    })
  /** Never answers; the request ends only when the client aborts or times out. */
  | (ReplyBase & { kind: "hang" })
  /** `text` as a `generateContent` body, or as its stream for `streamGenerateContent`. */
  | TextReply
  /** `value`'s JSON as the answer text, as to a `responseJsonSchema` request. */
  | StructuredReply;

const STATUS_BY_CODE: Readonly<Record<number, string>> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

/** A Google-API-shaped error body (`google.rpc.Status`). */
export function googleErrorBody(options: {
  code: number;
  message?: string;
  status?: string;
  details?: unknown[];
}): { error: { code: number; message: string; status: string; details?: unknown[] } } {
  const status = options.status ?? STATUS_BY_CODE[options.code] ?? "UNKNOWN";
  return {
    error: {
      code: options.code,
      message: options.message ?? defaultMessage(options.code),
      status,
      ...(options.details ? { details: options.details } : {}),
    },
  };
}

/** The `RetryInfo` detail Gemini attaches to 429s, e.g. `retryDelay: "13s"`. */
export function googleRetryInfo(retryDelay: string) {
  return { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay };
}

/** The `QuotaFailure` detail of a 429 whose quota ran out, e.g. a free tier's daily requests. */
export function googleQuotaFailure(quotaId: string) {
  return {
    "@type": "type.googleapis.com/google.rpc.QuotaFailure",
    violations: [
      {
        quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
        quotaId,
        quotaDimensions: { location: "global", model: "gemini-2.5-flash" },
        quotaValue: "250",
      },
    ],
  };
}

function defaultMessage(code: number): string {
  if (code === 429) {
    return "You exceeded your current quota, please check your plan and billing details.";
  }
  if (code === 503) return "The model is overloaded. Please try again later.";
  if (code >= 500)
    return "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting";
  return `Request failed with ${code}.`;
}
