import type { StructuredReply } from "../structured-output.js";
import type { TextReply } from "../text-reply.js";
import type { OpenAIFixtureName, SseEvent } from "./openai-fixtures.js";

interface ReplyBase {
  /** Waits this long before answering (the wait ends early if the client goes away). */
  delayMs?: number;
  /** Extra response headers, e.g. `retry-after` or a fixed `x-request-id`. */
  headers?: Record<string, string>;
}

/**
 * What the server does with one request. Replies are taken from a queue, one per request;
 * when it is empty the server's `respond` function answers, and without one a 500 does, so a
 * test that sends more than it scripted fails.
 */
export type OpenAIReply =
  /** The fixture's `.json` for a plain request, its `.chunks.txt` when the body asks to stream. */
  | (ReplyBase & { kind: "fixture"; fixture: OpenAIFixtureName | (string & {}) })
  /** Any JSON body with status 200 (or `status`). */
  | (ReplyBase & { kind: "json"; body: unknown; status?: number })
  /** An HTTP error with an OpenAI-shaped body (`{ error: { message, type, code } }` by default). */
  | (ReplyBase & { kind: "error"; status: number; body?: unknown })
  /** A 200 with `content-type: application/json` whose body is not valid JSON. */
  | (ReplyBase & { kind: "malformed-json" })
  /** Arbitrary server-sent events, e.g. an `error` event in the middle of a stream. */
  | (ReplyBase & { kind: "sse"; events: readonly SseEvent[] })
  /**
   * The fixture's stream, stopped after `afterEvents` events: `"destroy"` drops the socket,
   * `"end"` closes the body cleanly (no completion event), `"hang"` keeps the connection open
   * until the client gives up.
   */
  | (ReplyBase & {
      kind: "cut-stream";
      fixture: OpenAIFixtureName | (string & {});
      afterEvents: number;
      ending: "destroy" | "end" | "hang";
    })
  /** Never answers; the request ends only when the client aborts or times out. */
  | (ReplyBase & { kind: "hang" })
  /** `text` as a Chat Completions or Responses body, or as its stream when the request asks. */
  | TextReply
  /** `value`'s JSON as the answer text, e.g. to a `response_format` / `text.format` request. */
  | StructuredReply;

/** An OpenAI-shaped error body. */
export function openaiErrorBody(options: {
  message: string;
  type: string;
  code?: string | null;
  param?: string | null;
}): { error: { message: string; type: string; param: string | null; code: string | null } } {
  return {
    error: {
      message: options.message,
      type: options.type,
      param: options.param ?? null,
      code: options.code ?? null,
    },
  };
}
