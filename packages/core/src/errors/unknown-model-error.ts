import { hasErrorMark, markError, RLMError } from "./rlm-error.js";

/** Sandbox code asked `llm_query(p, { model })` for a name that is not configured. */
export class UnknownModelError extends RLMError {
  readonly modelName: string;
  readonly allowed: readonly string[];

  constructor(options: { modelName: string; allowed: readonly string[] }) {
    const allowedText = options.allowed.length ? options.allowed.join(", ") : "(none configured)";
    super({
      name: "UnknownModelError",
      message: `Unknown model "${options.modelName}". Allowed names: ${allowedText}.`,
    });
    markError(this, "UnknownModelError");
    this.modelName = options.modelName;
    this.allowed = options.allowed;
  }

  static override isInstance(value: unknown): value is UnknownModelError {
    return hasErrorMark(value, "UnknownModelError");
  }
}
