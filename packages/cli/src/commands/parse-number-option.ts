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
