import { hasErrorMark, markError, RLMError } from "./rlm-error.js";

/** The sandbox could not start, or failed in a way no cell can recover from. */
export class SandboxError extends RLMError {
  constructor(options: { message: string; cause?: unknown }) {
    super({ name: "SandboxError", ...options });
    markError(this, "SandboxError");
  }

  static override isInstance(value: unknown): value is SandboxError {
    return hasErrorMark(value, "SandboxError");
  }
}
