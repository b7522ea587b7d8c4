// @ts-check
// The trust boundary inside the sandbox worker, shared by the JavaScript and Python REPLs.
// Both functions are stringified into the worker's source (see runner/main.js), so each must
// be self-contained.
//
// ARCH: model code that escapes its realm (node:vm for JavaScript, `pyodide.code.run_js` for
// Python) runs in this worker's own realm. The runner therefore trusts only a private
// MessagePort handed over before any model code exists, held in a closure and never on a
// global; what arrives on the worker's public `parentPort` is ignored. `lockDownWorkerRealm`
// then removes the handles from which escaped code could reach that port anyway: Deno's
// internals (promise hooks, the async context, operations by resource id) and prototypes on
// the message path that code could patch (a getter or method called with the port, or an
// event targeting it, as `this`).

/** @import { MessagePort } from "node:worker_threads" */
/** @import { RunnerConnection } from "./runner-types.js" */

/**
 * Resolves to the private port the runner sends as the worker's first message.
 * @param {MessagePort} parentPort
 * @returns {Promise<RunnerConnection>}
 */
export function connectToRunner(parentPort) {
  return new Promise((resolve) => {
    /** @param {any} message whatever reaches the public port first */
    const onFirst = (message) => {
      if (message?.type !== "channel" || typeof message.port?.postMessage !== "function") return;
      parentPort.off("message", onFirst);
      /** @type {MessagePort} */
      const port = message.port;
      const post = port.postMessage.bind(port);
      const isArray = Array.isArray;
      resolve({
        post: (value) => post(value),
        // What one host frame held arrives as one array, in order (see runner/main.js).
        onMessage: (listener) =>
          port.on("message", (message) => {
            if (!isArray(message)) return listener(message);
            for (let index = 0; index < message.length; index++) listener(message[index]);
          }),
        portPrototype: Object.getPrototypeOf(port),
      });
    };
    parentPort.on("message", onFirst);
  });
}

/**
 * Called once the worker has taken what it needs from `Deno` and before the first cell.
 * `portPrototype` is the private port's prototype (from `connectToRunner`).
 * @param {object} portPrototype
 */
export function lockDownWorkerRealm(portPrototype) {
  // V8 hands `prepareStackTrace` the call sites of a stack, and each call site its function
  // and `this`: a hook installed by escaped code would see the runner's frames.
  Object.defineProperty(Error, "prepareStackTrace", {
    value: undefined,
    writable: false,
    configurable: false,
  });
  // `Deno[Deno.internal]` holds the runtime's core: promise hooks, the async context, and
  // operations by resource id. The rest of `Deno` stays: Node's modules use it, and every
  // call on it is checked against the process's permissions.
  delete Deno[Deno.internal];
  // The message path's own classes are frozen whole.
  /** @type {object[]} */
  const frozen = [Event.prototype, MessageEvent.prototype];
  for (let prototype = portPrototype; prototype !== Object.prototype; ) {
    frozen.push(prototype);
    prototype = Object.getPrototypeOf(prototype);
  }
  for (const prototype of frozen) Object.freeze(prototype);
  // The common prototypes get no new property (a getter for a name the runtime looks up and
  // does not find) and no redefined one, but stay writable: Pyodide assigns `constructor`
  // and the like on its own objects, which a frozen prototype would refuse.
  for (const prototype of [
    Object.prototype,
    Function.prototype,
    Array.prototype,
    Promise.prototype,
  ]) {
    for (const key of Reflect.ownKeys(prototype)) {
      Object.defineProperty(prototype, key, { configurable: false });
    }
    Object.preventExtensions(prototype);
  }
}
