import { hasErrorMark, markError, RLMError } from "./rlm-error.js";

/**
 * Sandbox code called a typed tool with arguments that do not match its `inputSchema`. It
 * fails that call in the cell (the model reads the message and can retry), not the run.
 */
export class InvalidToolArgumentsError extends RLMError {
  readonly toolName: string;
  /** Each problem as `path: message` (just the message for the argument as a whole). */
  readonly issues: readonly string[];

  constructor(options: { toolName: string; issues: readonly string[]; signature?: string }) {
    const usage = options.signature ? ` Expected: ${options.signature}` : "";
    super({
      name: "InvalidToolArgumentsError",
      message: `Invalid arguments for tool "${options.toolName}": ${options.issues.join("; ")}.${usage}`,
    });
    markError(this, "InvalidToolArgumentsError");
    this.toolName = options.toolName;
    this.issues = options.issues;
  }

  static override isInstance(value: unknown): value is InvalidToolArgumentsError {
    return hasErrorMark(value, "InvalidToolArgumentsError");
  }
}
