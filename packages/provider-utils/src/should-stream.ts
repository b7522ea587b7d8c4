/** Above this many output tokens a request streams unless told otherwise. */
export const DEFAULT_STREAM_ABOVE_MAX_OUTPUT_TOKENS = 16_000;

/**
 * Whether a request streams: `stream` when set, else only when it may generate more than
 * `streamAboveMaxOutputTokens`. A long generation on a non-streamed request sits on an idle
 * connection that proxies close, and Anthropic refuses it outright.
 */
export function shouldStream(options: {
  stream?: boolean | undefined;
  streamAboveMaxOutputTokens?: number | undefined;
  /** The output limit the request is sent with, if any. */
  maxOutputTokens?: number | undefined;
}): boolean {
  if (options.stream !== undefined) return options.stream;
  const threshold = options.streamAboveMaxOutputTokens ?? DEFAULT_STREAM_ABOVE_MAX_OUTPUT_TOKENS;
  return options.maxOutputTokens !== undefined && options.maxOutputTokens > threshold;
}
