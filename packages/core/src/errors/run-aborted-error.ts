import { hasErrorMark, markError, RLMError } from "./rlm-error.js";

/** The caller's `abortSignal` fired. `partialAnswer` holds the best answer known then. */
export class RunAbortedError extends RLMError {
  partialAnswer: string | undefined;

  constructor(options: { reason?: unknown; partialAnswer?: string }) {
    super({ name: "RunAbortedError", message: "The run was aborted.", cause: options.reason });
    markError(this, "RunAbortedError");
    this.partialAnswer = options.partialAnswer;
  }

  static override isInstance(value: unknown): value is RunAbortedError {
    return hasErrorMark(value, "RunAbortedError");
  }
}
