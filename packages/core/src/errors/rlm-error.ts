/**
 * Marks an error with a global symbol so `isInstance` checks work across duplicated
 * installs of `@rlm/core`, where `instanceof` would not.
 */
export function markError(error: Error, name: string): void {
  Object.defineProperty(error, Symbol.for(`@rlm/core/${name}`), { value: true });
}

export function hasErrorMark(value: unknown, name: string): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[Symbol.for(`@rlm/core/${name}`)] === true
  );
}

/** The base of every error thrown by `@rlm/*` packages. */
export class RLMError extends Error {
  constructor(options: { name: string; message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = options.name;
    markError(this, "RLMError");
  }

  static isInstance(value: unknown): value is RLMError {
    return hasErrorMark(value, "RLMError");
  }
}
