import type { StructuredReply } from "../structured-output.js";
import type { TextReply } from "../text-reply.js";

interface ReplyBase {
  /** Waits this long before answering (the wait ends early if the client goes away). */
  delayMs?: number;
  /** Extra response headers, e.g. `retry-after` or a fixed `request-id`. */
  headers?: Record<string, string>;
}

/** One server-sent event as it appears on the wire. */
export interface AnthropicSseEvent {
  event?: string;
  data: string;
}

/** Fixtures shipped in `__fixtures__/`. */
export type AnthropicFixtureName =
  | "messages-text"
  | "messages-cache"
  | "messages-thinking"
  | "messages-max-tokens"
  | "messages-refusal"
  | "messages-cache-1h";

/**
 * What the server does with one request. Replies are taken from a queue, one per request;
 * when it is empty the server's `respond` function answers, and without one a 500 does, so a
 * test that sends more than it scripted fails.
 */
export type AnthropicReply =
  /** The fixture's `.json` for a plain request, its `.chunks.txt` when the body asks to stream. */
  | (ReplyBase & { kind: "fixture"; fixture: AnthropicFixtureName | (string & {}) })
  /** Any JSON body with status 200 (or `status`). */
  | (ReplyBase & { kind: "json"; body: unknown; status?: number })
  /** An HTTP error with an Anthropic-shaped body (`{ type: "error", error: {...} }` by default). */
  | (ReplyBase & { kind: "error"; status: number; body?: unknown })
  /** A 200 with `content-type: application/json` whose body is not valid JSON. */
  | (ReplyBase & { kind: "malformed-json" })
  /** Arbitrary server-sent events, e.g. an `error` event in the middle of a stream. */
  | (ReplyBase & { kind: "sse"; events: readonly AnthropicSseEvent[] })
  /**
   * The fixture's stream, stopped after `afterEvents` events: `"destroy"` drops the socket,
   * `"end"` closes the body cleanly (no `message_stop`), `"hang"` keeps the connection open
   * until the client gives up.
   */
  | (ReplyBase & {
      kind: "cut-stream";
      fixture: AnthropicFixtureName | (string & {});
      afterEvents: number;
      ending: "destroy" | "end" | "hang";
    })
  /** Never answers; the request ends only when the client aborts or times out. */
  | (ReplyBase & { kind: "hang" })
  /** `text` as a Messages body, or as its event stream when the request asks. */
  | TextReply
  /** `value`'s JSON as the answer's text block, as to an `output_config.format` request. */
  | StructuredReply;

/** Anthropic's error types, as sent in `error.type`. */
export type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "billing_error"
  | "rate_limit_error"
  | "api_error"
  | "overloaded_error";

/** An Anthropic-shaped error body, as sent with an HTTP error or in a stream `error` event. */
export function anthropicErrorBody(options: {
  type: AnthropicErrorType | (string & {});
  message: string;
  requestId?: string;
}): { type: "error"; error: { type: string; message: string }; request_id?: string } {
  return {
    type: "error",
    error: { type: options.type, message: options.message },
    ...(options.requestId ? { request_id: options.requestId } : {}),
  };
}

const ERROR_TYPE_BY_STATUS: Readonly<Record<number, AnthropicErrorType>> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

/** The body Anthropic sends with an HTTP error of this status. */
export function defaultAnthropicErrorBody(status: number) {
  const type =
    ERROR_TYPE_BY_STATUS[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
  const message =
    type === "overloaded_error"
      ? "Overloaded"
      : type === "rate_limit_error"
        ? "This request would exceed the rate limit for your organization of 50 requests per minute."
        : `Request failed with ${status}.`;
  return anthropicErrorBody({ type, message });
}
