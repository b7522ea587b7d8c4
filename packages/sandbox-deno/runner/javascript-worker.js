// @ts-check
// The JavaScript REPL. This function is stringified and run as an eval Worker, so it must be
// self-contained (no imports at module level); its helpers arrive as `tools` (runner/main.js).
//
// ARCH: model code runs in a realm whose every run carries a time limit that keeps every
// variable (runner/guarded-realm.js). Worker.terminate() cannot stop a busy worker in this
// Deno version, so anything that escapes this guard is handled by the host killing the whole
// process.
/** @import { MessagePort } from "node:worker_threads" */
/** @import { Cell, HostRequest, RunnerConfig, WorkerTools } from "./runner-types.js" */
/**
 * A JavaScript cell: its deadline bounds every guarded run of its code.
 * @typedef {Cell & { deadline: number }} JavaScriptCell
 */

/**
 * @param {RunnerConfig} config
 * @param {WorkerTools} tools
 */
export function javascriptWorkerMain(config, tools) {
  (async () => {
    const { parentPort } = await import("node:worker_threads");
    const runner = await tools.connectToRunner(/** @type {MessagePort} */ (parentPort));
    const readTextFileSync = Deno.readTextFileSync;
    const readFileSync = Deno.readFileSync;
    const permissions = Deno.permissions;
    const revokeRead = () => permissions.revokeSync({ name: "read" });
    const vm = await import("node:vm");
    const { inspect } = await import("node:util");
    /** @type {import("./cell-attribution.js").CellAttribution<JavaScriptCell>} */
    const attribution = tools.cellAttribution((await import("node:async_hooks")).AsyncLocalStorage);
    const process = (await import("node:process")).default;
    // Unhandled rejections and stray errors from model code must not end the worker.
    process.on("unhandledRejection", () => {});
    process.on("uncaughtException", () => {});
    globalThis.addEventListener?.("unhandledrejection", (event) => event.preventDefault());
    globalThis.addEventListener?.("error", (event) => event.preventDefault());

    const maxFinalChars = config.maxFinalChars;
    /** @type {JavaScriptCell | undefined} */
    let cell;
    const guardedRealm = tools.guardedRealm({ vm, deadline: () => cell?.deadline });
    const { realm, define, remaining, guarded, drain, isTimeout } = guardedRealm;
    const RealmPromise = vm.runInContext("Promise", realm);
    /** @type {ErrorConstructor} */
    const RealmError = vm.runInContext("Error", realm);
    /** @type {ReferenceErrorConstructor} */
    const RealmReferenceError = vm.runInContext("ReferenceError", realm);
    const realmThen = vm.runInContext("Promise.prototype.then", realm);
    const realmJsonParse = vm.runInContext("JSON.parse", realm);
    const currentCell = () => cell;
    const output = tools.cellOutput(config.maxOutputChars);
    const bridge = tools.subCallBridge({
      runner,
      attribution,
      currentCell,
      PromiseClass: RealmPromise,
      ErrorClass: RealmError,
    });
    /** @type {() => void} */
    let wake = () => {};

    /** @param {string} text */
    const append = (text) => output.append(cell, text);
    /** @param {unknown} value */
    const format = (value) =>
      typeof value === "string"
        ? value
        : inspect(value, { showProxy: true, depth: 4, maxStringLength: 100_000 });
    const fields = tools.subCallFields({ RealmError });
    const { finalJson } = tools.replFunctions({
      vm,
      guardedRealm,
      attribution,
      currentCell,
      bridge,
      append,
      format,
      RealmPromise,
      realmThen,
      parseJson: realmJsonParse,
      fields,
      RealmError,
      RealmReferenceError,
      maxFinalChars,
    });

    const timers = tools.realmTimers({
      currentCell,
      fire(owner, callback, args) {
        try {
          attribution.run(owner, () => guarded(() => callback(...args)));
        } catch (error) {
          if (isTimeout(error)) owner.timedOut = true;
        }
        wake();
      },
    });
    define(
      "setTimeout",
      (
        /** @type {unknown} */ callback,
        /** @type {unknown} */ delay,
        /** @type {unknown[]} */ ...args
      ) => timers.add(callback, delay, args, false),
    );
    define(
      "setInterval",
      (
        /** @type {unknown} */ callback,
        /** @type {unknown} */ delay,
        /** @type {unknown[]} */ ...args
      ) => timers.add(callback, delay, args, true),
    );
    define("clearTimeout", timers.clear);
    define("clearInterval", timers.clear);
    define("queueMicrotask", (/** @type {() => void} */ callback) =>
      RealmPromise.resolve().then(callback),
    );
    for (const name of [
      "TextEncoder",
      "TextDecoder",
      "URL",
      "URLSearchParams",
      "atob",
      "btoa",
      "structuredClone",
    ]) {
      define(name, globalThis[/** @type {keyof typeof globalThis} */ (name)]);
    }

    const contextLoader = tools.contextLoader({
      vm,
      guardedRealm,
      contextPath: config.contextPath,
      readTextFileSync,
      readFileSync,
      revokeRead,
      parseJson: realmJsonParse,
      RealmUint8Array: vm.runInContext("Uint8Array", realm),
      realmThen,
      bridge,
      jsonOf: fields.jsonOf,
    });
    /** @param {Extract<HostRequest, { type: "load" }>} message */
    function load(message) {
      contextLoader.load(message);
      tools.lockDownWorkerRealm(runner.portPrototype);
      runner.post({ type: "ready" });
    }

    /**
     * @param {JavaScriptCell} current
     * @param {{ error?: string, timedOut?: boolean }} fields
     */
    function finishCell(current, fields) {
      current.done = true;
      timers.clearAll();
      bridge.drop(current.cellId);
      runner.post({
        type: "cell-result",
        cellId: current.cellId,
        output: output.text(current),
        truncated: current.truncated,
        ...(current.final !== undefined ? { finalJson: current.final } : {}),
        lateCalls: attribution.takeLateCount(),
        ...fields,
      });
      if (cell === current) cell = undefined;
    }

    /** @param {any} error */
    function describeError(error) {
      try {
        return guarded(() => {
          if (error && typeof error === "object" && "message" in error) {
            const name = typeof error.name === "string" ? error.name : "Error";
            return `${name}: ${String(error.message)}`.slice(0, 20_000);
          }
          return `Error: ${format(error)}`.slice(0, 20_000);
        }, 1000);
      } catch {
        return "Error: (the thrown value could not be formatted)";
      }
    }

    /** @param {Extract<HostRequest, { type: "execute" }>} message */
    async function execute(message) {
      /** @type {JavaScriptCell} */
      const current = {
        cellId: message.cellId,
        output: [],
        chars: 0,
        truncated: false,
        deadline: performance.now() + message.timeoutMs,
        done: false,
        calls: 0,
        maxCalls:
          typeof message.maxSubCalls === "number" ? message.maxSubCalls : Number.POSITIVE_INFINITY,
      };
      cell = current;
      const timeoutText = `Cell timed out after ${message.timeoutMs} ms (variables were kept).`;
      let settled = false;
      /** @type {unknown} */
      let value;
      /** @type {unknown} */
      let failure;
      let hasFailure = false;
      let poll;
      try {
        const script = new vm.Script(message.code, { filename: `${message.cellId}.js` });
        const completion = attribution.run(current, () =>
          script.runInContext(realm, { timeout: remaining() }),
        );
        // The settle callbacks run on this thread's own microtask queue, after the drain
        // below, so they wake the wait loop: without that, every cell slept one 5 ms poll.
        realmThen.call(
          completion,
          (/** @type {unknown} */ result) => {
            settled = true;
            value = result;
            wake();
          },
          (/** @type {unknown} */ error) => {
            settled = true;
            failure = error;
            hasFailure = true;
            wake();
          },
        );
        drain();
        while (!settled && !current.timedOut) {
          if (current.deadline - performance.now() <= 0) break;
          // Polled too, with one timer per cell rather than one per wait (a timer op per
          // sub-call was measurable): continuations of other host I/O (e.g. WebAssembly
          // compiles) land on the realm's queue, which only a drain runs.
          poll ??= setInterval(() => wake(), 5);
          await /** @type {Promise<void>} */ (
            new Promise((resolve) => {
              wake = resolve;
            })
          );
          drain();
        }
      } catch (error) {
        if (isTimeout(error)) current.timedOut = true;
        else {
          failure = error;
          hasFailure = true;
          settled = true;
        }
      } finally {
        clearInterval(poll);
      }
      if (!settled || current.timedOut)
        return finishCell(current, { error: timeoutText, timedOut: true });
      if (hasFailure) return finishCell(current, { error: describeError(failure) });
      if (value !== undefined) {
        try {
          guarded(
            () => append(`${typeof value === "string" ? inspect(value) : format(value)}\n`),
            1000,
          );
        } catch {
          append("(the value could not be formatted in time)\n");
        }
      }
      finishCell(current, {});
    }

    const variables = tools.realmVariables({ vm, guardedRealm, describeError, finalJson });
    const fromBase64 = Uint8Array.fromBase64;

    // ARCH: every message is handled from setImmediate: a worker whose heap runs out inside a
    // message handler hangs in this Deno version instead of failing cleanly.
    runner.onMessage((message) =>
      setImmediate(() => {
        switch (message?.type) {
          case "load":
            try {
              load(message);
            } catch (/** @type {any} */ error) {
              runner.post({
                type: "load-error",
                error: String(error?.message ?? error),
              });
            }
            break;
          case "warm-up": // see runner/main.js
            runner.post({ type: "started" });
            break;
          case "execute":
            execute(message);
            break;
          case "bridge-result":
            if (bridge.settle(message)) wake();
            break;
          case "read-variable":
            runner.post({
              type: "variable",
              requestId: message.requestId,
              ...variables.read(String(message.name)),
            });
            break;
          case "set-variable":
            try {
              variables.set(
                String(message.name),
                "json" in message
                  ? realmJsonParse(message.json)
                  : contextLoader.decode(message.kind, fromBase64(message.data)),
              );
            } catch {
              // Host-made data under a host-chosen name: nothing here is expected to fail.
            }
            runner.post({ type: "variable", requestId: message.requestId });
            break;
        }
      }),
    );
    runner.post({ type: "started" });
  })();
}
