import { homedir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createRLM, type EventSink, trajectoryFileSink } from "@rlm/core";
import { generateSniah, parseTokenCount, scoreSniah } from "@rlm/evals";
import { EXIT } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { defaultModels, SIMULATED_NOTICE } from "../models/default-models.js";
import { resolveModelSpec } from "../models/resolve-model-spec.js";
import { progressSink } from "../progress/progress-sink.js";
import { createSandbox } from "./create-sandbox.js";
import { DEFAULT_DASHBOARD_URL, dashboardIsListening } from "./dashboard-probe.js";
import { formatSummary } from "./format-summary.js";
import { importIntoDashboard } from "./import-into-dashboard.js";
import { startTracing } from "./start-tracing.js";

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
    },
    strict: true,
  });
  const tokens = parseTokenCount(values.tokens);
  const task = generateSniah({ seed: Number(values.seed), tokens });
  const defaults = defaultModels(io.env);
  if (defaults.simulated) io.stderr.write(`${SIMULATED_NOTICE}\n\n`);
  io.stderr.write(
    `Context: ${tokens.toLocaleString("en-US")} tokens (${task.context.length.toLocaleString("en-US")} characters) with one needle.\nQuery: ${task.query}\nModels: ${defaults.model} (root), ${defaults.subModel} (sub-calls)\n\n`,
  );

  const trajectoryPath = join(homedir(), ".rlm", "trajectories", `demo-${Date.now()}.jsonl`);
  const sinks: EventSink[] = [
    progressSink({ stream: io.stderr }),
    trajectoryFileSink(trajectoryPath),
  ];
  const traceUrl =
    values.trace ?? ((await dashboardIsListening()) ? DEFAULT_DASHBOARD_URL : undefined);
  const tracing = traceUrl ? await startTracing(traceUrl, "rlm-demo", io) : undefined;
  if (tracing) sinks.push(tracing.sink);

  const sandbox = await createSandbox("javascript");
  try {
    const rlm = createRLM({
      model: await resolveModelSpec(defaults.model),
      subModel: await resolveModelSpec(defaults.subModel),
      sandbox,
      limits: { maxCostUsd: defaults.simulated ? undefined : 5, timeoutMs: 15 * 60_000 },
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
      if (await tracing.shutdown()) io.stderr.write(`Traces sent to ${traceUrl}.\n`);
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
