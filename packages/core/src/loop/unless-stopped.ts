import type { RunState } from "./run-state.js";

/**
 * Waits for `work`, but rejects as soon as `signal` aborts (with `reason()`, by default the
 * signal's reason), so a step that cannot itself be cancelled does not hold up whoever waits
 * for it. What `work` yields after that is handed to `discard`.
 */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
  options: { reason?: () => unknown; discard?: (late: T) => void } = {},
): Promise<T> {
  const reason = options.reason ?? (() => signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason());
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (signal.aborted) options.discard?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Waits for `work`, but rejects with the run's failure as soon as the run stops, so a slow
 * step that cannot itself be cancelled (a sandbox that is still starting) does not hold up
 * the run's rejection. What `work` yields after that is handed to `discard`.
 */
export function unlessStopped<T>(
  run: RunState,
  work: Promise<T>,
  discard: (late: T) => void,
): Promise<T> {
  const signal = run.abortSignal;
  return untilAborted(work, signal, { reason: () => run.stopReason ?? signal.reason, discard });
}
