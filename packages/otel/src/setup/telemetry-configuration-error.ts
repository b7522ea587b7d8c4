const marker = Symbol.for("@rlm/otel.TelemetryConfigurationError");

/**
 * An OpenTelemetry setting (an `OTEL_*` variable or an option) that `setupTelemetry()` cannot
 * honour. Raised at setup, before anything runs, so a typo never means silently lost traces.
 */
export class TelemetryConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TelemetryConfigurationError";
    Object.defineProperty(this, marker, { value: true });
  }

  static isInstance(error: unknown): error is TelemetryConfigurationError {
    return typeof error === "object" && error !== null && marker in error;
  }
}
