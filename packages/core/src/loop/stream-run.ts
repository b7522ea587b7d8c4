import type { RLMEvent } from "../events/events.js";
import { AsyncQueue } from "./async-queue.js";

/**
 * Runs `execute` and yields its events as they happen; the last one is `run-end`. Leaving
 * the loop early aborts the run. An error raised before the run's first event (a closed
 * session, a spent session cap) is thrown from the loop instead of ending it silently.
 */
export async function* streamRun(
  abortSignal: AbortSignal | undefined,
  execute: (abortSignal: AbortSignal, listener: (event: RLMEvent) => void) => Promise<unknown>,
): AsyncGenerator<RLMEvent> {
  const queue = new AsyncQueue<RLMEvent>();
  const stopper = new AbortController();
  const signal = abortSignal ? AbortSignal.any([abortSignal, stopper.signal]) : stopper.signal;
  let started = false;
  let early: { error: unknown } | undefined;
  const done = execute(signal, (event) => {
    started = true;
    queue.push(event);
  }).then(
    () => queue.close(),
    (error: unknown) => {
      if (!started) early = { error };
      queue.close();
    },
  );
  try {
    yield* queue;
  } finally {
    stopper.abort(new Error("The event stream was closed before the run ended."));
    await done;
  }
  if (early) throw early.error;
}
