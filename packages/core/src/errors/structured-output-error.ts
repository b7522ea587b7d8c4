import { hasErrorMark, markError, RLMError } from "./rlm-error.js";

/**
 * A typed sub-call (`llm_query(prompt, { schema })`) got no reply matching its schema: every
 * attempt (the first and its retries, each told what was wrong) was not JSON or did not
 * validate. The cell that made the call gets it as an error it can catch.
 */
export class StructuredOutputError extends RLMError {
  /** What was wrong with the last reply, each with its place (`$.items[0].price: ...`). */
  readonly errors: readonly string[];
  readonly attempts: number;
  /** The last reply's text. */
  readonly lastReply: string;

  constructor(options: {
    call: "llm_query" | "rlm_query";
    attempts: number;
    errors: readonly string[];
    lastReply: string;
  }) {
    super({
      name: "StructuredOutputError",
      message: `${options.call}: the reply did not match the schema after ${options.attempts} attempts: ${options.errors.join("; ")}`,
    });
    markError(this, "StructuredOutputError");
    this.errors = options.errors;
    this.attempts = options.attempts;
    this.lastReply = options.lastReply;
  }

  static override isInstance(value: unknown): value is StructuredOutputError {
    return hasErrorMark(value, "StructuredOutputError");
  }
}
