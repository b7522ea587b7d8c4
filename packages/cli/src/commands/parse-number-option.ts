import { parseTokenCount } from "@rlm/evals";
import { CliError } from "../cli-error.js";

/** A numeric flag: `undefined` when absent, a clear error when not a non-negative number. */
export function parseNumberOption(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || value.trim() === "") {
    throw new CliError(`${flag} must be a non-negative number, not "${value}".`);
  }
  return number;
}

/** A token-count flag (`8k`, `1m`, `128000`); a bad one is a usage error naming the flag. */
export function parseTokenOption(flag: string, value: string): number {
  try {
    return parseTokenCount(value);
  } catch (error) {
    throw new CliError(`${flag}: ${error instanceof Error ? error.message : String(error)}.`);
  }
}
