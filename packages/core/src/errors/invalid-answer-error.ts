import { hasErrorMark, markError, RLMError } from "./rlm-error.js";

/** The final answer (after the model ran out of iterations) did not match the schema. */
export class InvalidAnswerError extends RLMError {
  readonly partialAnswer: string;
  readonly issues: readonly string[];

  constructor(options: { partialAnswer: string; issues: readonly string[] }) {
    super({
      name: "InvalidAnswerError",
      message: `The final answer does not match the output schema: ${options.issues.join("; ")}`,
    });
    markError(this, "InvalidAnswerError");
    this.partialAnswer = options.partialAnswer;
    this.issues = options.issues;
  }

  static override isInstance(value: unknown): value is InvalidAnswerError {
    return hasErrorMark(value, "InvalidAnswerError");
  }
}
