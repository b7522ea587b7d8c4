// @ts-check
// What a cell prints, capped. Stringified into the worker's source (see runner/main.js), so it
// must be self-contained.
/** @import { Cell } from "./runner-types.js" */

/**
 * @param {number} maxOutputChars the cap on a cell's output; what is past it is dropped
 */
export function cellOutput(maxOutputChars) {
  return {
    /**
     * Adds `text` to `cell`'s output, as far as the cap allows.
     * @param {Cell | undefined} cell
     * @param {string} text
     */
    append(cell, text) {
      if (!cell) return;
      const room = maxOutputChars - cell.chars;
      if (text.length > room) {
        cell.truncated = true;
        if (room > 0) cell.output.push(text.slice(0, room));
        cell.chars = maxOutputChars;
        return;
      }
      cell.output.push(text);
      cell.chars += text.length;
    },
    /**
     * The cell's output as its result carries it: without the last line's newline.
     * @param {Cell} cell
     */
    text: (cell) => cell.output.join("").replace(/\n$/, ""),
  };
}
