export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * What an RLM reads: one long string, a list of documents, or any JSON value. It is
 * loaded into the sandbox as the variable `context` and never put into a prompt.
 */
export type Context = string | readonly string[] | JsonValue;
