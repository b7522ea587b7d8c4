// Which cell a piece of model code belongs to. Stringified into the worker's source (see
// runner/main.js), so it must be self-contained.
//
// ARCH: a cell's continuations can outlive it: a promise settled by the host later
// (Atomics.waitAsync, a FinalizationRegistry or WeakRef callback, a Python asyncio task)
// runs whenever the worker next drains its queues, which is usually during a later cell.
// Each cell runs inside an AsyncLocalStorage scope, which V8 carries into every continuation
// it creates, so FINAL, output and sub-calls check that their caller belongs to the running
// cell. Calls from an ended cell are refused and counted; the count travels with the next
// cell result. Timers are scoped by the workers themselves.
export function cellAttribution(AsyncLocalStorage) {
  const scope = new AsyncLocalStorage();
  let late = 0;
  return {
    /** Runs `fn` as code of `cell`. */
    run: (cell, fn) => scope.run(cell, fn),
    /** `running` if the caller belongs to it; otherwise the call is counted as late. */
    caller(running) {
      if (running && !running.done && scope.getStore() === running) return running;
      late++;
      return undefined;
    },
    /** How many late calls were refused since the last time this was asked. */
    takeLateCount() {
      const count = late;
      late = 0;
      return count;
    },
  };
}
