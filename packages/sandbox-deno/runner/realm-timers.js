// @ts-check
// setTimeout and friends for the JavaScript REPL: each timer belongs to the cell that set it,
// fires only while that cell runs, and is cleared when it ends. Stringified into the worker's
// source (see runner/main.js), so it must be self-contained.
/** @import { Cell } from "./runner-types.js" */

/**
 * @template {Cell} C
 * @param {object} options
 * @param {() => C | undefined} options.currentCell
 * @param {(owner: C, callback: Function, args: unknown[]) => void} options.fire runs a due
 *   callback as code of its cell
 */
export function realmTimers({ currentCell, fire }) {
  /** @type {Map<number, { handle: ReturnType<typeof setTimeout>, repeat: boolean }>} */
  const timers = new Map();
  let timerSequence = 0;
  /** @param {unknown} id */
  function clear(id) {
    const timer = timers.get(/** @type {number} */ (id));
    if (!timer) return;
    (timer.repeat ? clearInterval : clearTimeout)(timer.handle);
    timers.delete(/** @type {number} */ (id));
  }
  return {
    /**
     * @param {unknown} callback
     * @param {unknown} delay
     * @param {unknown[]} args
     * @param {boolean} repeat
     */
    add(callback, delay, args, repeat) {
      const owner = currentCell();
      if (typeof callback !== "function" || !owner) return 0;
      const id = ++timerSequence;
      const onDue = () => {
        if (currentCell() !== owner || owner.done) return;
        if (!repeat) timers.delete(id);
        fire(owner, callback, args);
      };
      const handle = repeat
        ? setInterval(onDue, Number(delay) || 0)
        : setTimeout(onDue, Number(delay) || 0);
      timers.set(id, { handle, repeat });
      return id;
    },
    clear,
    clearAll() {
      for (const id of [...timers.keys()]) clear(id);
    },
  };
}
