// @ts-check
// The JavaScript REPL's context and tools: reads the context file once, revokes read, and
// defines `context` and one function per host tool. Stringified into the worker's source (see
// runner/main.js), so it must be self-contained.
/** @import { ContextKind } from "../src/context-file.js" */
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
 * @param {Uint8ArrayConstructor} options.RealmUint8Array the realm's, so bytes belong to it
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
  RealmUint8Array,
  realmThen,
  bridge,
  jsonOf,
}) {
  const { realm, builtinNames, define } = guardedRealm;
  const decoder = new TextDecoder();
  // The worker's own: code may have replaced the realm's `set` by the time a variable arrives.
  const setBytes = Uint8Array.prototype.set;
  /**
   * A copy of `bytes` in the realm's own buffer: a view of the worker's would hand code the
   * worker's `ArrayBuffer` (and through it the worker's `Function`).
   * @param {Uint8Array} bytes
   */
  function realmBytes(bytes) {
    const copy = new RealmUint8Array(bytes.length);
    setBytes.call(copy, bytes);
    return copy;
  }

  /**
   * A context file's contents (or a host variable's, encoded the same way) as a realm value.
   * See src/context-file.ts for the encodings.
   * @param {ContextKind} kind
   * @param {Uint8Array} bytes
   */
  function decode(kind, bytes) {
    if (kind === "text") return decoder.decode(bytes);
    if (kind === "json") return parseJson(decoder.decode(bytes));
    if (kind === "bytes") return realmBytes(bytes);
    // A list: a JSON header with one entry per item, a newline, then the items' bytes. An
    // entry is the byte length of a UTF-8 string, or ["bytes", n] / ["json", n].
    const newline = bytes.indexOf(10);
    /** @type {(number | ["bytes" | "json", number])[]} */
    const entries = JSON.parse(decoder.decode(bytes.subarray(0, newline)));
    const list = vm.runInContext("[]", realm);
    let offset = newline + 1;
    for (const entry of entries) {
      const length = typeof entry === "number" ? entry : entry[1];
      const item = bytes.subarray(offset, offset + length);
      offset += length;
      if (typeof entry === "number") list.push(decoder.decode(item));
      else list.push(entry[0] === "bytes" ? realmBytes(item) : parseJson(decoder.decode(item)));
    }
    return list;
  }

  // Synchronous reads and revoke: this thread has nothing else to do meanwhile, and each
  // async op costs an event-loop turn on the path of a warm session's start.
  /** @param {Extract<HostRequest, { type: "load" }>} message */
  function load(message) {
    const kind = message.contextKind;
    const value =
      kind === "text"
        ? readTextFileSync(contextPath)
        : kind === "json"
          ? parseJson(readTextFileSync(contextPath))
          : decode(kind, readFileSync(contextPath));
    revokeRead();
    define("context", value);
    for (const name of message.toolNames ?? []) {
      // @rlm/core refuses such names at createRLM; the skip guards against another host.
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
  }
  return { load, decode };
}
