export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** One item of a list context: a document, binary data (an image, a file) or a JSON value. */
export type ContextItem = string | Uint8Array | JsonValue;

/**
 * What an RLM reads: one long string, a list of documents, binary data (a `Uint8Array`, or
 * a list holding some), or any JSON value. It is loaded into the sandbox as the variable
 * `context` (binary items are `Uint8Array`s in JavaScript, `bytes` in Python) and never put
 * into a prompt.
 */
export type Context = string | readonly string[] | JsonValue | Uint8Array | readonly ContextItem[];
