const MAX_DEPTH = 500;
/** Values (array elements and object members) one relayed JSON text may hold. */
const MAX_VALUES = 10_000_000;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * Parses JSON relayed from the sandbox (FINAL values, `rlm_query` sub-contexts, tool
 * arguments), after one pass over the text refuses what would hurt the host: nesting deeper
 * than 500 levels (it parses, but overflows the stack of any recursive code that touches it
 * later) and more than ten million values.
 *
 * ARCH: checked on the text, before `JSON.parse`. A hundred-million-element array made V8
 * abort the host process while parsing ("Fatal JavaScript invalid size error"), and checking
 * depth on the parsed value took one stack entry per value (3.6 GB for 30 million).
 */
export function parseUntrustedJson(text: string, what: string): unknown {
  let depth = 0;
  let values = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      index = endOfString(text, index);
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (++depth > MAX_DEPTH)
        throw new Error(`${what} is nested more than ${MAX_DEPTH} levels deep.`);
      values++;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      depth--;
    } else if (code === COMMA && ++values > MAX_VALUES) {
      throw new Error(
        `${what} holds more than ${MAX_VALUES.toLocaleString("en-US")} values; pass fewer, larger pieces.`,
      );
    }
  }
  return JSON.parse(text);
}

/** The index of the quote that closes the string opening at `start` (or the text's end). */
function endOfString(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}
