// @ts-check
// What the JavaScript REPL's sub-call functions send for their arguments: prompts (text, or
// parts whose bytes travel as base64), options (model, schema) and sub-contexts, as the fields
// of a `bridge-call` (runner/runner-types.d.ts; Python's are in python-sub-calls.js). Each
// malformed argument is refused with an error of the realm naming it. Stringified into the
// worker's source (see runner/main.js), so it must be self-contained.
/** @import { WirePart, WireSubContext } from "./runner-types.js" */

/**
 * @param {object} options
 * @param {ErrorConstructor} options.RealmError the class of the errors code receives
 */
export function subCallFields({ RealmError }) {
  /**
   * `String(value)` for a value code made, never throwing: one without a text form (no
   * `toString`) would otherwise throw code an error of the worker's realm.
   * @param {unknown} value
   */
  function textOf(value) {
    try {
      return String(value);
    } catch {
      return "(a value without a text form)";
    }
  }

  /**
   * What a value code threw says (its message, or the value), never throwing.
   * @param {any} error
   * @param {boolean} [withName] as "Name: message"
   */
  function describeThrown(error, withName = false) {
    let message;
    try {
      message = error?.message;
      if (message !== undefined && withName) return `${textOf(error.name)}: ${textOf(message)}`;
    } catch {
      // A getter that throws: the value itself is described instead.
    }
    return textOf(message ?? error);
  }

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
      throw new RealmError(`${what} must be JSON-serialisable: ${describeThrown(error)}`);
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
      throw new RealmError(`${where}: its bytes could not be read (${describeThrown(error)}).`);
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

  return { describeThrown, jsonOf, optionFields, promptFields, subContextFields, textOf };
}
