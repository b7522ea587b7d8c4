// @ts-check
// The JavaScript REPL's realm and the time limit on everything run in it. Stringified into the
// worker's source (see runner/main.js), so it must be self-contained.
//
// ARCH: the realm is a node:vm context created with microtaskMode "afterEvaluate", so every
// piece of model code (the cell, its promise continuations, timer callbacks, formatting of its
// values) runs inside a vm.runInContext call that carries a timeout. That interrupts sync
// loops and loops after `await` while keeping every variable.

/**
 * @param {object} options
 * @param {typeof import("node:vm")} options.vm passed in: the worker imports it
 * @param {() => number | undefined} options.deadline the running cell's, on performance.now()
 */
export function guardedRealm({ vm, deadline }) {
  const realm = vm.createContext(
    {},
    { microtaskMode: "afterEvaluate", codeGeneration: { strings: true, wasm: true } },
  );
  const drainScript = new vm.Script("undefined");
  const trampolineScript = new vm.Script("__rlm_run__()");
  /** @type {(() => unknown) | undefined} */
  let job;
  /**
   * The names the REPL defines (and the host's variables): not the code's own.
   * @type {Set<string>}
   */
  const builtinNames = new Set();

  /**
   * A global that code can read but neither assign nor redefine.
   * @param {string} name
   * @param {unknown} value
   */
  function define(name, value) {
    builtinNames.add(name);
    Object.defineProperty(realm, name, {
      value,
      writable: false,
      configurable: false,
      enumerable: false,
    });
  }
  define("__rlm_run__", () => /** @type {() => unknown} */ (job)());

  /** Milliseconds left to the running cell (5 s outside a cell), at least 1. */
  function remaining() {
    return Math.max(1, Math.floor((deadline() ?? performance.now() + 5000) - performance.now()));
  }

  return {
    realm,
    builtinNames,
    define,
    remaining,
    /**
     * Runs `fn` under the vm timeout; the realm's microtasks drain before it returns.
     * @template T
     * @param {() => T} fn
     * @returns {T}
     */
    guarded(fn, timeout = remaining()) {
      job = fn;
      try {
        return trampolineScript.runInContext(realm, { timeout });
      } finally {
        job = undefined;
      }
    },
    /** Runs the realm's queued microtasks under the cell's time limit. */
    drain: () => drainScript.runInContext(realm, { timeout: remaining() }),
    /** @param {any} error */
    isTimeout: (error) => error?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT",
  };
}
