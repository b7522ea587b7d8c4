import { createRequire } from "node:module";
import { CliError, EXIT } from "./cli-error.js";
import type { CliIo } from "./cli-io.js";
import { RUN_USAGE, runCommand } from "./commands/run-command.js";

export const USAGE = `rlm — Recursive Language Models from the terminal

Commands:
  rlm run --context <file|dir|glob|-> --query <text> [options]   answer a query over a long context
  rlm eval <sniah|oolong|oolong-pairs> --lengths 8k,32k [options] compare the RLM with the plain model
  rlm demo                                                        find a needle in a generated 1M-token document
  rlm dashboard                                                   start the dashboard on 127.0.0.1:4318
  rlm --version                                                   print the version

Run "rlm <command> --help" for a command's options.

Environment:
  ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY   pick the default models (in this order)
  RLM_MODEL                 the model, e.g. openai:gpt-5 or a bare name such as llama3.1
  OPENAI_BASE_URL           an OpenAI-compatible server for bare model names
  OTEL_EXPORTER_OTLP_ENDPOINT  send traces there (and the other standard OTEL_* variables)

${RUN_USAGE}`;

/** Runs one command line and returns the process exit code. Errors become one clear line. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "run":
        return await runCommand(rest, io);
      case "eval": {
        const { evalCommand } = await import("./commands/eval-command.js");
        return await evalCommand(rest, io);
      }
      case "demo": {
        const { demoCommand } = await import("./commands/demo-command.js");
        return await demoCommand(rest, io);
      }
      case "dashboard": {
        const { dashboardCommand } = await import("./commands/dashboard-command.js");
        return await dashboardCommand(rest, io);
      }
      case "--version":
      case "-v":
      case "version": {
        // ../package.json from src/ and from dist/ alike.
        const { version } = createRequire(import.meta.url)("../package.json") as {
          version: string;
        };
        io.stdout.write(`${version}\n`);
        return EXIT.ok;
      }
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.stdout.write(`${USAGE}\n`);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new CliError(`Unknown command "${command}".\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`rlm: ${error.message}\n`);
      return error.exitCode;
    }
    if (
      error instanceof TypeError &&
      "code" in error &&
      String(error.code).startsWith("ERR_PARSE_ARGS")
    ) {
      io.stderr.write(`rlm: ${error.message}\n`);
      return EXIT.usage;
    }
    const { name, message } =
      error instanceof Error ? error : { name: "Error", message: String(error) };
    io.stderr.write(`rlm: ${name}: ${message}\n`);
    return EXIT.runFailed;
  }
}
