// @ts-check
// The JavaScript REPL's context and tools: reads the context file once, revokes read, and
// defines `context` and one function per host tool. Stringified into the worker's source (see
// runner/main.js), so it must be self-contained.
/** @import { HostRequest } from "./runner-types.js" */

/**
 * The file reads and the revoke are taken before any model code runs and passed in.
 * @param {object} options
 * @param {typeof import("node:vm")} options.vm passed in: the worker imports it
 * @param {ReturnType<typeof import("./guarded-realm.js").guardedRealm>} options.guardedRealm
 * @param {string} options.contextPath
 * @param {(path: string) => string} options.readTextFileSync
 * @param {(path: string) => Uint8Array} options.readFileSync
 * @param {() => void} options.revokeRead
 * @param {(json: string) => unknown} options.parseJson the realm's, so values belong to it
 * @param {typeof Promise.prototype.then} options.realmThen the realm's `Promise.prototype.then`
 * @param {ReturnType<typeof import("./sub-call-bridge.js").subCallBridge>} options.bridge
 * @param {(value: unknown, what: string) => string | undefined} options.jsonOf
 */
export function contextLoader({
  vm,
  guardedRealm,
  contextPath,
  readTextFileSync,
  readFileSync,
  revokeRead,
  parseJson,
  realmThen,
  bridge,
  jsonOf,
}) {
  const { realm, builtinNames, define } = guardedRealm;
  // Synchronous reads and revoke: this thread has nothing else to do meanwhile, and each
  // async op costs an event-loop turn on the path of a warm session's start.
  /** @param {Extract<HostRequest, { type: "load" }>} message */
  return function load(message) {
    let value;
    if (message.contextKind === "text") {
      value = readTextFileSync(contextPath);
    } else if (message.contextKind === "json") {
      value = parseJson(readTextFileSync(contextPath));
    } else {
      // A list of strings: a JSON header of UTF-8 byte lengths, a newline, then the bytes.
      const bytes = readFileSync(contextPath);
      const newline = bytes.indexOf(10);
      const lengths = JSON.parse(new TextDecoder().decode(bytes.subarray(0, newline)));
      const decoder = new TextDecoder();
      const list = vm.runInContext("[]", realm);
      let offset = newline + 1;
      for (const length of lengths) {
        list.push(decoder.decode(bytes.subarray(offset, offset + length)));
        offset += length;
      }
      value = list;
    }
    revokeRead();
    define("context", value);
    for (const name of message.toolNames ?? []) {
      if (builtinNames.has(name) || !/^[A-Za-z_$][\w$]*$/.test(name)) continue;
      define(name, (/** @type {unknown} */ args) =>
        realmThen.call(
          bridge.request("tool", {
            name,
            argsJson: jsonOf(args ?? null, "Tool arguments") ?? "null",
          }),
          (/** @type {string} */ json) => parseJson(json),
        ),
      );
    }
  };
}
