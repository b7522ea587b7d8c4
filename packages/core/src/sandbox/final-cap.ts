/**
 * How long a FINAL value's JSON may be. A sandbox refuses a longer value from `FINAL` and
 * `FINAL_VAR` (an error in the cell, no `final`) and from `readVariable` (it rejects).
 */
export const MAX_FINAL_JSON_CHARS = 64 * 1024 * 1024;

/** Why a value of `length` JSON characters cannot be an answer, worded alike by every sandbox. */
export function overFinalCap(length: number): string {
  return `has ${length.toLocaleString("en-US")} characters; a FINAL value may have at most ${MAX_FINAL_JSON_CHARS.toLocaleString("en-US")}`;
}
