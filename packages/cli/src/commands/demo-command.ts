import { homedir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createRLM, type EventSink, trajectoryFileSink } from "@rlm/core";
import { generateSniah, scoreSniah } from "@rlm/evals";
import { EXIT } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { chooseModels } from "../models/choose-models.js";
import { SIMULATED_NOTICE } from "../models/default-models.js";
import { progressSink } from "../progress/progress-sink.js";
import { createSandbox } from "./create-sandbox.js";
import { DEFAULT_DASHBOARD_URL, dashboardIsListening } from "./dashboard-probe.js";
import { formatSummary } from "./format-summary.js";
import { importIntoDashboard } from "./import-into-dashboard.js";
import { parseNumberOption, parseTokenOption } from "./parse-number-option.js";
import { startTracing } from "./start-tracing.js";

export const DEMO_USAGE = `Usage: rlm demo [options]

Hides one needle sentence in a generated document and answers "what is the needle?" with a
real RLM run through the Deno sandbox, checked against the generator's key. The models come
from RLM_MODEL or your API keys, else the built-in simulated provider.

Options:
  --tokens <n>        length of the document, e.g. 128k or 1m (default 1m)
  --seed <n>          seed of the generated document (default 7)
  --trace <otlp-url>  send OpenTelemetry spans there (default: OTEL_EXPORTER_OTLP_ENDPOINT,
                      else a dashboard listening on ${DEFAULT_DASHBOARD_URL})`;

/**
 * The main job: an S-NIAH task (a needle sentence hidden in a generated document of one
 * million tokens) answered by a real RLM run through the Deno sandbox, checked against
 * the generator's key.
 */
export async function demoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tokens: { type: "string", default: "1m" },
      seed: { type: "string", default: "7" },
      trace: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${DEMO_USAGE}\n`);
    return EXIT.ok;
  }
  const tokens = parseTokenOption("--tokens", values.tokens);
  const seed = parseNumberOption("--seed", values.seed) ?? 7;
  const models = await chooseModels({}, io.env);
  const tracing =
    (await startTracing({ endpoint: values.trace, serviceName: "rlm-demo", io })) ??
    ((await dashboardIsListening())
      ? await startTracing({ endpoint: DEFAULT_DASHBOARD_URL, serviceName: "rlm-demo", io })
      : undefined);
  const task = generateSniah({ seed, tokens });
  if (models.simulated) io.stderr.write(`${SIMULATED_NOTICE}\n\n`);
  io.stderr.write(
    `Context: ${tokens.toLocaleString("en-US")} tokens (${task.context.length.toLocaleString("en-US")} characters) with one needle.\nQuery: ${task.query}\nModels: ${models.modelSpec} (root), ${models.subModelSpec} (sub-calls)\n\n`,
  );

  const trajectoryPath = join(homedir(), ".rlm", "trajectories", `demo-${Date.now()}.jsonl`);
  const sinks: EventSink[] = [
    progressSink({ stream: io.stderr }),
    trajectoryFileSink(trajectoryPath),
  ];
  if (tracing) sinks.push(tracing.sink);

  const sandbox = await createSandbox("javascript");
  try {
    const rlm = createRLM({
      model: models.model,
      subModel: models.subModel,
      sandbox,
      // A cost cap needs a price for every model; a compatible server's is unknown.
      limits: {
        maxCostUsd: models.model.pricing && models.subModel.pricing ? 5 : undefined,
        timeoutMs: 15 * 60_000,
      },
      sinks,
    });
    const result = await rlm.complete({
      context: task.context,
      query: task.query,
      name: "rlm demo",
    });
    const correct = scoreSniah(result.answer, task.answer) === 1;
    io.stdout.write(
      `Answer: ${result.answer}\nExpected: ${task.answer} — ${correct ? "correct" : "WRONG"}\n`,
    );
    io.stderr.write(`${formatSummary(result)}\nTrajectory: ${trajectoryPath}\n`);
    if (tracing) {
      if (await tracing.shutdown()) io.stderr.write(`Traces sent to ${tracing.endpoint}.\n`);
    } else {
      await importRun(trajectoryPath, io);
    }
    return correct ? EXIT.ok : EXIT.runFailed;
  } finally {
    await Promise.all([tracing?.shutdown(), sandbox.close?.()]);
  }
}

/** With no dashboard listening, the run goes straight into the dashboard's database. */
async function importRun(trajectoryPath: string, io: CliIo): Promise<void> {
  const imported = await importIntoDashboard(trajectoryPath);
  if (!imported) {
    io.stderr.write(
      "The dashboard is not installed next to this CLI; the trajectory file has the run.\n",
    );
  } else if (imported.ok) {
    io.stderr.write(
      `Imported into the dashboard: ${imported.output}\nSee it with: pnpm dashboard\n`,
    );
  } else {
    io.stderr.write(`Could not import the run into the dashboard: ${imported.output}\n`);
  }
}
