// @ts-check
// The JavaScript REPL's functions: print and console, llm_query, rlm_query and their batched
// forms, budget, FINAL, FINAL_VAR and SHOW_VARS. Stringified into the worker's source (see
// runner/main.js), so it must be self-contained.
/** @import { Cell, WirePart, WireSubContext } from "./runner-types.js" */
/** @import { CellAttribution } from "./cell-attribution.js" */

/**
 * Defines the functions in the realm. `RealmPromise` and the error classes are the realm's, so
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
  RealmError,
  RealmReferenceError,
  maxFinalChars,
}) {
  const { realm, builtinNames, define } = guardedRealm;
  /** @param {unknown[]} values */
  const print = (...values) => {
    if (attribution.caller(currentCell())) append(`${values.map(format).join(" ")}\n`);
  };

  /**
   * @param {unknown} value
   * @param {string} what
   * @returns {string | undefined} undefined for a value JSON has no text for (a function)
   */
  function jsonOf(value, what) {
    let json;
    try {
      json = JSON.stringify(value);
    } catch (/** @type {any} */ error) {
      throw new RealmError(`${what} must be JSON-serialisable: ${error?.message ?? error}`);
    }
    return json;
  }

  // Taken before any code runs: they read a realm's typed array by its internal slots alone.
  const typedArrayName = /** @type {(this: unknown) => string | undefined} */ (
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)
      ?.get
  );
  const toBase64 = Uint8Array.prototype.toBase64;

  /** @param {unknown} value a short description for an error: "a number", "an array" */
  function kindOf(value) {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    const name = typedArrayName.call(value);
    if (name !== undefined) return `a ${name}`;
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
  }

  const PART_SHAPES =
    'a part is a string, { type: "text", text } or { type: "image", data: Uint8Array or data URL, mediaType? }';
  /**
   * One part of a prompt as the host receives it; throws, naming the part, for a malformed one.
   * @param {any} part
   * @param {string} where e.g. "llm_query: part 2"
   * @returns {WirePart}
   */
  function wirePart(part, where) {
    if (typeof part === "string") return { type: "text", text: part };
    if (typeof part !== "object" || part === null || Array.isArray(part)) {
      throw new RealmError(`${where} is ${kindOf(part)}; ${PART_SHAPES}.`);
    }
    const type = part.type;
    if (type === "text") {
      const text = part.text;
      if (typeof text !== "string")
        throw new RealmError(
          `${where} is a text part whose text is ${kindOf(text)}, not a string.`,
        );
      return { type, text };
    }
    if (type !== "image") {
      throw new RealmError(`${where} has type ${JSON.stringify(String(type))}; ${PART_SHAPES}.`);
    }
    const { data, mediaType } = part;
    if (mediaType !== undefined && typeof mediaType !== "string") {
      throw new RealmError(
        `${where} has a mediaType that is ${kindOf(mediaType)}, not a string like "image/png".`,
      );
    }
    if (typeof data === "string") {
      if (!data.startsWith("data:")) {
        throw new RealmError(
          `${where} has string data that is not a data URL ("data:image/png;base64,..."); pass the bytes as a Uint8Array.`,
        );
      }
      return { type, url: data };
    }
    if (typedArrayName.call(data) !== "Uint8Array") {
      throw new RealmError(
        `${where} is an image whose data is ${kindOf(data)}; give a Uint8Array or a data URL string.`,
      );
    }
    const base64 = base64Of(data, where);
    return { type, base64, ...(mediaType !== undefined ? { mediaType } : {}) };
  }

  /**
   * @param {Uint8Array} bytes a realm's `Uint8Array`
   * @param {string} where names the value in an error
   */
  function base64Of(bytes, where) {
    try {
      return toBase64.call(bytes);
    } catch (/** @type {any} */ error) {
      throw new RealmError(`${where}: its bytes could not be read (${error?.message ?? error}).`);
    }
  }

  /**
   * An `rlm_query` sub-context's field: `contextJson`, or `binaryContextJson` for bytes or a
   * list holding some, whose bytes travel as base64.
   * @param {unknown} subContext
   * @returns {{ contextJson?: string, binaryContextJson?: string }}
   */
  function subContextFields(subContext) {
    if (subContext === undefined) return {};
    /**
     * @param {unknown} value
     * @param {string} where
     */
    const bytesOf = (value, where) => {
      const name = typedArrayName.call(value);
      if (name === undefined) return undefined;
      if (name !== "Uint8Array") {
        throw new RealmError(`rlm_query: ${where} is a ${name}; pass binary data as a Uint8Array.`);
      }
      return { base64: base64Of(/** @type {Uint8Array} */ (value), `rlm_query: ${where}`) };
    };
    const whole = bytesOf(subContext, "the sub-context");
    if (whole) return { binaryContextJson: JSON.stringify(whole) };
    if (Array.isArray(subContext)) {
      /** @type {Extract<WireSubContext, { items: unknown }>["items"]} */
      const items = [];
      let binary = false;
      for (let index = 0; index < subContext.length; index++) {
        const item = subContext[index];
        const bytes = bytesOf(item, `item ${index} of the sub-context`);
        binary ||= bytes !== undefined;
        items.push(bytes ?? { value: item });
      }
      if (binary) {
        const binaryContextJson = jsonOf({ items }, "The sub-context");
        return binaryContextJson !== undefined ? { binaryContextJson } : {};
      }
    }
    const contextJson = jsonOf(subContext, "The sub-context");
    return contextJson !== undefined ? { contextJson } : {};
  }

  /**
   * The prompt's fields of a call: `prompt` for text, `partsJson` for a list of parts.
   * @param {unknown} prompt
   * @param {string} what the function's name
   */
  function promptFields(prompt, what) {
    if (typedArrayName.call(prompt) !== undefined) {
      // String() would send the bytes as a list of numbers.
      throw new RealmError(
        `${what}: the prompt is ${kindOf(prompt)}; send an image as a part: [{ type: "image", data: bytes }].`,
      );
    }
    if (!Array.isArray(prompt)) return { prompt: String(prompt) };
    const count = prompt.length;
    if (count === 0) {
      throw new RealmError(
        `${what}: the prompt is an empty list; give a string or a list of parts.`,
      );
    }
    /** @type {WirePart[]} */
    const parts = [];
    for (let index = 0; index < count; index++) {
      parts.push(wirePart(prompt[index], `${what}: part ${index}`));
    }
    return { partsJson: JSON.stringify(parts) };
  }

  /**
   * The options object's fields of a call (`model`, `schemaJson`); throws for a malformed one.
   * @param {any} options
   * @param {string} what the function's name
   * @param {string} position e.g. "second"
   */
  function optionFields(options, what, position) {
    if (options === undefined || options === null) return {};
    if (typeof options !== "object") {
      // llm_query(prompt, "name") reads like Python's positional model: say what is meant.
      throw new RealmError(
        `${what}'s ${position} argument is an options object, like { model: "name" }, not a ${typeof options}.`,
      );
    }
    const { model, schema } = options;
    /** @type {{ model?: string, schemaJson?: string }} */
    const fields = model !== undefined ? { model: String(model) } : {};
    if (schema === undefined) return fields;
    const schemaJson =
      typeof schema === "object" && schema !== null && !Array.isArray(schema)
        ? jsonOf(schema, `${what}: the schema`)
        : undefined;
    if (schemaJson === undefined) {
      throw new RealmError(
        `${what}: the schema must be a JSON Schema object, like { type: "object", properties: { ... } }, not ${kindOf(schema)}.`,
      );
    }
    return { ...fields, schemaJson };
  }

  /**
   * Sends a call; the answer to a call with a schema is JSON, parsed into a realm value.
   * @param {"llm" | "rlm"} kind
   * @param {() => import("./sub-call-bridge.js").SubCallFields} fields throws for bad input
   */
  function subCall(kind, fields) {
    /** @type {import("./sub-call-bridge.js").SubCallFields} */
    let request;
    try {
      request = fields();
    } catch (error) {
      return RealmPromise.reject(error);
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
    const json =
      value === undefined
        ? "null"
        : (jsonOf(value, "The FINAL value") ?? JSON.stringify(String(value)));
    if (json.length > maxFinalChars)
      throw new RealmError(
        `The FINAL value has ${json.length.toLocaleString("en-US")} characters; a FINAL value may have at most ${maxFinalChars.toLocaleString("en-US")}.`,
      );
    caller.final = json;
  });
  define("FINAL_VAR", (/** @type {unknown} */ name) => {
    const key = String(name);
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
  return { jsonOf };
}
