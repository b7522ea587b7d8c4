import { parseArgs } from "node:util";
import {
  BudgetExceededError,
  createRLM,
  type EventSink,
  type RLMResult,
  RunAbortedError,
  trajectoryFileSink,
} from "@rlm/core";
import { CliError, EXIT } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { loadContext } from "../context/load-context.js";
import { chooseModels } from "../models/choose-models.js";
import { SIMULATED_NOTICE } from "../models/default-models.js";
import { progressSink } from "../progress/progress-sink.js";
import { createSandbox } from "./create-sandbox.js";
import { formatSummary } from "./format-summary.js";
import { parseNumberOption } from "./parse-number-option.js";
import { startTracing } from "./start-tracing.js";

export const RUN_USAGE = `Usage: rlm run --context <file|dir|glob|-> --query <text> [options]

Options:
  --model <spec>          root model, e.g. anthropic:claude-sonnet-4-6 (default: from your API keys)
  --sub-model <spec>      model for llm_query (default: from your API keys)
  --max-depth <n>         deepest child RLM (default 1)
  --max-iterations <n>    turns per RLM node (default 30)
  --max-cost <usd>        stop when the run has cost this much
  --max-sub-calls <n>     stop after this many llm_query / rlm_query calls
  --timeout <seconds>     stop after this long
  --language <name>       javascript (default) or python
  --trace <otlp-url>      send OpenTelemetry spans, e.g. http://127.0.0.1:4318
                          (default: OTEL_EXPORTER_OTLP_ENDPOINT when set)
  --trajectory <file>     append every event to a JSONL file
  --json                  print the result as JSON on stdout`;

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      context: { type: "string" },
      query: { type: "string" },
      model: { type: "string" },
      "sub-model": { type: "string" },
      "max-depth": { type: "string" },
      "max-iterations": { type: "string" },
      "max-cost": { type: "string" },
      "max-sub-calls": { type: "string" },
      timeout: { type: "string" },
      language: { type: "string" },
      trace: { type: "string" },
      trajectory: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${RUN_USAGE}\n`);
    return EXIT.ok;
  }
  if (!values.context) throw new CliError(`--context is required.\n\n${RUN_USAGE}`);
  if (!values.query) throw new CliError(`--query is required.\n\n${RUN_USAGE}`);
  const language = values.language ?? "javascript";
  if (language !== "javascript" && language !== "python") {
    throw new CliError(`--language must be javascript or python, not "${language}".`);
  }

  const maxCostUsd = parseNumberOption("--max-cost", values["max-cost"]);
  const maxSubCalls = parseNumberOption("--max-sub-calls", values["max-sub-calls"]);
  const timeoutSeconds = parseNumberOption("--timeout", values.timeout);
  const maxDepth = parseNumberOption("--max-depth", values["max-depth"]);
  const maxIterations = parseNumberOption("--max-iterations", values["max-iterations"]);

  const { model, subModel, simulated } = await chooseModels(
    { model: values.model, subModel: values["sub-model"] },
    io.env,
  );
  const context = await loadContext(values.context, { stdin: io.stdin, cwd: io.cwd });
  const telemetry = await startTracing({ endpoint: values.trace, serviceName: "rlm-cli", io });
  // Said once everything the run needs was found, so it never precedes a usage error.
  if (simulated) io.stderr.write(`${SIMULATED_NOTICE}\n`);

  const sinks: EventSink[] = [progressSink({ stream: io.stderr })];
  if (values.trajectory) sinks.push(trajectoryFileSink(values.trajectory));
  if (telemetry) sinks.push(telemetry.sink);

  const sandbox = await createSandbox(language);
  const rlm = createRLM({
    model,
    subModel,
    sandbox,
    ...(maxDepth !== undefined ? { maxDepth } : {}),
    ...(maxIterations !== undefined ? { maxIterations } : {}),
    limits: {
      ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
      ...(maxSubCalls !== undefined ? { maxSubCalls } : {}),
      ...(timeoutSeconds !== undefined ? { timeoutMs: timeoutSeconds * 1000 } : {}),
    },
    sinks,
  });

  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort(new Error("Interrupted (Ctrl-C)."));
  process.once("SIGINT", onSigint);
  try {
    const result = await rlm.complete({
      context,
      query: values.query,
      name: "rlm run",
      abortSignal: interrupt.signal,
    });
    printResult(io, result, values.json);
    return EXIT.ok;
  } catch (error) {
    return reportFailure(io, error, values.json);
  } finally {
    process.off("SIGINT", onSigint);
    await Promise.all([telemetry?.shutdown(), sandbox.close?.()]);
  }
}

function printResult(io: CliIo, result: RLMResult, json: boolean): void {
  if (json) {
    const { trajectory: _trajectory, ...rest } = result;
    io.stdout.write(`${JSON.stringify(rest, null, 2)}\n`);
    return;
  }
  io.stdout.write(`${result.answer}\n`);
  io.stderr.write(`${formatSummary(result)}\n`);
}

function reportFailure(io: CliIo, error: unknown, json: boolean): number {
  const partialAnswer =
    BudgetExceededError.isInstance(error) || RunAbortedError.isInstance(error)
      ? error.partialAnswer
      : undefined;
  const exitCode = BudgetExceededError.isInstance(error)
    ? EXIT.budgetExceeded
    : RunAbortedError.isInstance(error)
      ? EXIT.aborted
      : EXIT.runFailed;
  const { name, message } =
    error instanceof Error ? error : { name: "Error", message: String(error) };
  if (json) {
    io.stdout.write(
      `${JSON.stringify({ error: { name, message, ...(BudgetExceededError.isInstance(error) ? { limit: error.limit } : {}) }, ...(partialAnswer !== undefined ? { partialAnswer } : {}) }, null, 2)}\n`,
    );
  } else {
    io.stderr.write(`rlm: ${name}: ${message}\n`);
    if (partialAnswer)
      io.stderr.write(`Partial answer (the root model's latest reply):\n${partialAnswer}\n`);
  }
  return exitCode;
}
