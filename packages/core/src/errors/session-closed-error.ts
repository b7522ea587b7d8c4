import { hasErrorMark, markError, RLMError } from "./rlm-error.js";

/** A question was asked of an `RLMSession` after `close()`, or was still queued then. */
export class SessionClosedError extends RLMError {
  constructor() {
    super({ name: "SessionClosedError", message: "The RLM session is closed." });
    markError(this, "SessionClosedError");
  }

  static override isInstance(value: unknown): value is SessionClosedError {
    return hasErrorMark(value, "SessionClosedError");
  }
}
