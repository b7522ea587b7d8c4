export interface RequestDeadline {
  /** Aborts when the caller aborts or the deadline passes; hand it to the SDK. */
  readonly signal: AbortSignal;
  /** Whether the deadline (not the caller) ended the request. */
  readonly timedOut: boolean;
  dispose(): void;
}

/**
 * One deadline over the whole request, body included. The SDK's own timeout stops at the
 * response headers for streams, so a stream that stalls midway would otherwise hang.
 */
export function startRequestDeadline(options: {
  abortSignal?: AbortSignal | undefined;
  timeoutMs: number;
}): RequestDeadline {
  const { abortSignal, timeoutMs } = options;
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(abortSignal?.reason);
  abortSignal?.addEventListener("abort", onAbort, { once: true });
  if (abortSignal?.aborted) onAbort();
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`Timed out after ${timeoutMs} ms.`, "TimeoutError"));
  }, timeoutMs);
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      abortSignal?.removeEventListener("abort", onAbort);
    },
  };
}
