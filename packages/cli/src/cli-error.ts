/** Exit codes of the `rlm` command. */
export const EXIT = {
  ok: 0,
  runFailed: 1,
  usage: 2,
  budgetExceeded: 3,
  aborted: 130,
} as const;

/** A failure the CLI reports as one clear line and an exit code, without a stack trace. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}
