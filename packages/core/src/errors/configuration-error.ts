import { hasErrorMark, markError, RLMError } from "./rlm-error.js";

/** Options that cannot work, reported by `createRLM` before anything runs. */
export class ConfigurationError extends RLMError {
  constructor(options: { message: string; cause?: unknown }) {
    super({ name: "ConfigurationError", ...options });
    markError(this, "ConfigurationError");
  }

  static override isInstance(value: unknown): value is ConfigurationError {
    return hasErrorMark(value, "ConfigurationError");
  }
}
