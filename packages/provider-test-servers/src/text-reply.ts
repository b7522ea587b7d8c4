/**
 * A plain text answer, built into each wire format by the server that sends it: the JSON
 * body for an ordinary request, the provider's event stream when the request asks to stream.
 */
export interface TextReply {
  kind: "text";
  text: string;
  /** Prompt tokens to report; by default about one per four characters of the request body. */
  inputTokens?: number;
  /** Completion tokens to report; by default about one per four characters of `text`. */
  outputTokens?: number;
  /**
   * Of the prompt tokens, those spent on images, where the wire format reports them apart
   * (Gemini's `promptTokensDetails`); by default 258 per image the request carried, as Gemini
   * counts an image of up to 384 pixels a side.
   */
  imageInputTokens?: number;
  /** The model name to echo; by default the one the request named. */
  model?: string;
  /** Waits this long before answering (the wait ends early if the client goes away). */
  delayMs?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** The figures a text reply reports, with the defaults filled in. */
export interface TextReplyUsage {
  inputTokens: number;
  outputTokens: number;
  /** Part of `inputTokens`, reported apart by the formats that do. */
  imageInputTokens?: number;
}

export function textReplyUsage(reply: TextReply, requestBody: string): TextReplyUsage {
  return {
    inputTokens: reply.inputTokens ?? Math.ceil(requestBody.length / 4),
    outputTokens: reply.outputTokens ?? Math.ceil(reply.text.length / 4),
  };
}

/** Splits text into a few stream deltas, so clients really reassemble it. */
export function textDeltas(text: string): string[] {
  if (text.length <= 1) return [text];
  const size = Math.max(1, Math.ceil(text.length / 3));
  const deltas: string[] = [];
  for (let start = 0; start < text.length; start += size)
    deltas.push(text.slice(start, start + size));
  return deltas;
}

let replySequence = 0;

/** A unique id with a provider's prefix, e.g. `chatcmpl-text-12`. */
export function replyId(prefix: string): string {
  replySequence += 1;
  return `${prefix}text${replySequence.toString(36).padStart(6, "0")}`;
}
