import { ERROR_TYPE_OTHER } from "./semconv.js";

const ERROR_NAME = /^([A-Za-z_$][\w$.]*)(?::|$)/;

/**
 * `error.type` for a cell's error text ("TypeError: x is not a function"): the error's class
 * name, which keeps the attribute low-cardinality, unlike the message.
 */
export function errorTypeOfText(text: string): string {
  const name = ERROR_NAME.exec(text.trimStart())?.[1];
  return name && name.length <= 64 ? name : ERROR_TYPE_OTHER;
}
