// @ts-check
// The JavaScript REPL's functions: print and console, llm_query, rlm_query and their batched
// forms, budget, FINAL, FINAL_VAR and SHOW_VARS. Stringified into the worker's source (see
// runner/main.js), so it must be self-contained.
/** @import { Cell } from "./runner-types.js" */
/** @import { CellAttribution } from "./cell-attribution.js" */

/**
 * Defines the functions in the realm; returns how a FINAL value becomes JSON (bytes refused),
 * which a variable read as the answer goes through too. `RealmPromise` and the error classes are the realm's, so
 * what code receives lends it nothing of the worker's realm.
 * @template {Cell} C
 * @param {object} options
 * @param {typeof import("node:vm")} options.vm passed in: the worker imports it
 * @param {ReturnType<typeof import("./guarded-realm.js").guardedRealm>} options.guardedRealm
 * @param {CellAttribution<C>} options.attribution
 * @param {() => C | undefined} options.currentCell
 * @param {ReturnType<typeof import("./sub-call-bridge.js").subCallBridge>} options.bridge
 * @param {(text: string) => void} options.append adds to the running cell's output
 * @param {(value: unknown) => string} options.format
 * @param {PromiseConstructor} options.RealmPromise
 * @param {typeof Promise.prototype.then} options.realmThen the realm's `Promise.prototype.then`
 * @param {(json: string) => unknown} options.parseJson the realm's, so values belong to it
 * @param {ReturnType<typeof import("./sub-call-fields.js").subCallFields>} options.fields
 * @param {ErrorConstructor} options.RealmError
 * @param {ReferenceErrorConstructor} options.RealmReferenceError
 * @param {number} options.maxFinalChars
 */
export function replFunctions({
  vm,
  guardedRealm,
  attribution,
  currentCell,
  bridge,
  append,
  format,
  RealmPromise,
  realmThen,
  parseJson,
  fields,
  RealmError,
  RealmReferenceError,
  maxFinalChars,
}) {
  const { realm, builtinNames, define } = guardedRealm;
  const { describeThrown, optionFields, promptFields, subContextFields, textOf } = fields;
  // Taken before any code runs: they tell binary values apart whichever realm made them.
  const isView = ArrayBuffer.isView;
  const typedArrayName = /** @type {(this: unknown) => string | undefined} */ (
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)
      ?.get
  );
  const objectTag = Object.prototype.toString;
  const stringify = JSON.stringify;
  const isArray = Array.isArray;
  /**
   * The kind of binary value `value` is ("a Uint8Array", "an ArrayBuffer"), or undefined.
   * @param {unknown} value
   */
  function binaryKind(value) {
    if (typeof value !== "object" || value === null) return undefined;
    if (isView(value)) return `a ${typedArrayName.call(value) ?? "DataView"}`;
    const tag = objectTag.call(value);
    if (tag === "[object ArrayBuffer]") return "an ArrayBuffer";
    if (tag === "[object SharedArrayBuffer]") return "a SharedArrayBuffer";
    return undefined;
  }

  /**
   * A FINAL value as JSON. JSON.stringify would send bytes as an object of numbers
   * (`{"0":137,...}`) or `{}`, so a binary value anywhere in it is refused, naming where.
   * @param {unknown} value
   */
  function finalJson(value) {
    /** @type {Error | undefined} */
    let refusal;
    try {
      return stringify(value, function (key, item) {
        const kind = binaryKind(item);
        if (kind === undefined) return item;
        const where =
          key === ""
            ? `the value is ${kind}`
            : `${kind} at ${isArray(this) ? `index ${key}` : `the key ${stringify(key)}`}`;
        refusal = new RealmError(
          `FINAL values must be JSON; encode bytes as base64 first (bytes.toBase64()): ${where}.`,
        );
        throw refusal;
      });
    } catch (/** @type {any} */ error) {
      if (error === refusal) throw error;
      // The error's name is kept: "RangeError: Maximum call stack size exceeded" says the
      // value is nested too deeply.
      throw new RealmError(
        `The FINAL value must be JSON-serialisable: ${describeThrown(error, true)}`,
      );
    }
  }

  /** @param {unknown[]} values */
  const print = (...values) => {
    if (attribution.caller(currentCell())) append(`${values.map(format).join(" ")}\n`);
  };

  /**
   * Sends a call; the answer to a call with a schema is JSON, parsed into a realm value.
   * @param {"llm" | "rlm"} kind
   * @param {() => import("./sub-call-bridge.js").SubCallFields} makeRequest throws for bad input
   */
  function subCall(kind, makeRequest) {
    /** @type {import("./sub-call-bridge.js").SubCallFields} */
    let request;
    try {
      request = makeRequest();
    } catch (/** @type {any} */ error) {
      // An error of the worker's realm (a string too long to encode) is not handed to code.
      return RealmPromise.reject(
        error instanceof RealmError ? error : new RealmError(describeThrown(error)),
      );
    }
    const answer = bridge.request(kind, request);
    return request.schemaJson === undefined ? answer : realmThen.call(answer, parseJson);
  }

  /**
   * @param {unknown} prompt
   * @param {unknown} options
   */
  const llm_query = (prompt, options) =>
    subCall("llm", () => ({
      ...optionFields(options, "llm_query", "second"),
      ...promptFields(prompt, "llm_query"),
    }));
  /**
   * @param {unknown} prompt
   * @param {unknown} subContext
   * @param {unknown} options
   */
  const rlm_query = (prompt, subContext, options) =>
    subCall("rlm", () => {
      const { schemaJson } = optionFields(options, "rlm_query", "third");
      return {
        prompt: String(prompt),
        ...subContextFields(subContext),
        ...(schemaJson !== undefined ? { schemaJson } : {}),
      };
    });
  define("llm_query", llm_query);
  define("rlm_query", rlm_query);
  define("budget", () => realmThen.call(bridge.request("budget", {}), parseJson));
  // The batched forms are realm code over the frozen single-call bridges.
  const batched = vm.runInContext(
    `(function (llm, rlm) {
      const all = Promise.all.bind(Promise);
      const slot = (promise) => promise.then((value) => value, (error) => "Error: " + (error && error.message !== undefined ? error.message : String(error)));
      return {
        llm: (prompts, options) => all(Array.from(prompts, (prompt) => slot(Promise.resolve().then(() => llm(prompt, options))))),
        rlm: (requests) => all(Array.from(requests, (request) => slot(Promise.resolve().then(() =>
          typeof request === "string"
            ? rlm(request)
            : rlm(request.prompt, request.context, request.schema === undefined ? undefined : { schema: request.schema }))))),
      };
    })`,
    realm,
  )(llm_query, rlm_query);
  define("llm_query_batched", batched.llm);
  define("rlm_query_batched", batched.rlm);
  define("FINAL", (/** @type {unknown} */ value) => {
    const caller = attribution.caller(currentCell());
    if (!caller || caller.final !== undefined) return;
    const json = value === undefined ? "null" : (finalJson(value) ?? JSON.stringify(textOf(value)));
    if (json.length > maxFinalChars)
      throw new RealmError(
        `The FINAL value has ${json.length.toLocaleString("en-US")} characters; a FINAL value may have at most ${maxFinalChars.toLocaleString("en-US")}.`,
      );
    caller.final = json;
  });
  define("FINAL_VAR", (/** @type {unknown} */ name) => {
    const key = textOf(name);
    if (builtinNames.has(key) || !Object.hasOwn(realm, key)) {
      throw new RealmReferenceError(`FINAL_VAR: no variable named "${key}".`);
    }
    realm.FINAL(realm[key]);
  });
  define("SHOW_VARS", () =>
    vm.runInContext(
      "Array.from",
      realm,
    )(Object.keys(realm).filter((key) => !builtinNames.has(key))),
  );
  define("print", print);
  define("console", {
    log: print,
    info: print,
    warn: print,
    error: print,
    debug: print,
    trace: print,
    table: print,
  });
  return { finalJson };
}
