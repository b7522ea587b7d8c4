// @ts-check
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
/** @import { AsyncLocalStorage as AsyncLocalStorageClass } from "node:async_hooks" */

/**
 * @template {{ done: boolean }} Cell
 * @param {typeof AsyncLocalStorageClass} AsyncLocalStorage passed in: the worker imports it
 * @returns {CellAttribution<Cell>}
 */
export function cellAttribution(AsyncLocalStorage) {
  /** @type {AsyncLocalStorageClass<Cell>} */
  const scope = new AsyncLocalStorage();
  let late = 0;
  return {
    run: (cell, fn) => scope.run(cell, fn),
    caller(running) {
      if (running && !running.done && scope.getStore() === running) return running;
      late++;
      return undefined;
    },
    takeLateCount() {
      const count = late;
      late = 0;
      return count;
    },
  };
}

/**
 * @template {{ done: boolean }} Cell
 * @typedef {object} CellAttribution
 * @property {<T>(cell: Cell, fn: () => T) => T} run Runs `fn` as code of `cell`.
 * @property {(running: Cell | undefined) => Cell | undefined} caller
 *   `running` if the caller belongs to it; otherwise the call is counted as late.
 * @property {() => number} takeLateCount How many late calls were refused since the last
 *   time this was asked.
 */
