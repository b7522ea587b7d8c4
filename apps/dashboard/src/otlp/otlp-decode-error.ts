const MARKER = Symbol.for("rlm.dashboard.OtlpDecodeError");

/** A request body that is not a valid OTLP export request; answered with 400. */
export class OtlpDecodeError extends Error {
  readonly [MARKER] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OtlpDecodeError";
  }

  static isInstance(error: unknown): error is OtlpDecodeError {
    return typeof error === "object" && error !== null && MARKER in error;
  }
}

/**
 * How deeply attribute values (arrays and key-value lists) may nest. Real instrumentation
 * nests a level or two; ten thousand levels overflowed the decoder's stack (a 500, not a 400).
 */
export const MAX_ATTRIBUTE_DEPTH = 32;

export function checkAttributeDepth(depth: number): void {
  if (depth > MAX_ATTRIBUTE_DEPTH) {
    throw new OtlpDecodeError(
      `An attribute value is nested more than ${MAX_ATTRIBUTE_DEPTH} levels deep.`,
    );
  }
}
