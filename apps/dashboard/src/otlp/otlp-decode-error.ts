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
