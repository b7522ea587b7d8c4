import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createRLM, type LanguageModel } from "@rlm/core";
import { generateTask, scoreTask } from "@rlm/evals";
import { CliError, EXIT } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { chooseModels } from "../models/choose-models.js";
import { SIMULATED_NOTICE } from "../models/default-models.js";
import { createSandbox } from "./create-sandbox.js";
import { type EvalRow, renderAccuracyChart, renderTable } from "./eval-report.js";
import { parseNumberOption, parseTokenOption } from "./parse-number-option.js";

const FAMILIES = ["sniah", "oolong", "oolong-pairs"] as const;
type Family = (typeof FAMILIES)[number];

export const EVAL_USAGE = `Usage: rlm eval <sniah|oolong|oolong-pairs> --lengths 8k,32k,128k [options]

Options:
  --model <spec>            root model (default: from your API keys)
  --sub-model <spec>        model for llm_query
  --baseline                also ask the plain model with the whole context in its prompt
  --baseline-max-tokens <n> skip the baseline above this context length (default 128k)
  --seeds <n>               tasks per length (default 3)
  --language <name>         javascript (default) or python
  --out <file>              results as JSON (default rlm-eval-<task>.json)
  --chart <file>            accuracy by length as an SVG chart (default rlm-eval-<task>.svg)`;

export async function evalCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      lengths: { type: "string", default: "8k,32k" },
      model: { type: "string" },
      "sub-model": { type: "string" },
      baseline: { type: "boolean", default: false },
      "baseline-max-tokens": { type: "string", default: "128k" },
      seeds: { type: "string", default: "3" },
      language: { type: "string", default: "javascript" },
      out: { type: "string" },
      chart: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    io.stdout.write(`${EVAL_USAGE}\n`);
    return EXIT.ok;
  }
  const family = positionals[0] as Family | undefined;
  if (!family || !FAMILIES.includes(family)) {
    throw new CliError(`Name a task: ${FAMILIES.join(", ")}.\n\n${EVAL_USAGE}`);
  }
  const language = values.language;
  if (language !== "javascript" && language !== "python") {
    throw new CliError(`--language must be javascript or python, not "${language}".`);
  }
  const lengths = values.lengths
    .split(",")
    .map((length) => parseTokenOption("--lengths", length.trim()));
  const seeds = parseNumberOption("--seeds", values.seeds) ?? 3;
  const baselineMaxTokens = parseTokenOption(
    "--baseline-max-tokens",
    values["baseline-max-tokens"],
  );
  const { model, subModel, modelSpec, simulated } = await chooseModels(
    { model: values.model, subModel: values["sub-model"] },
    io.env,
  );
  if (simulated) io.stderr.write(`${SIMULATED_NOTICE}\n`);
  // The plain model reads the whole prompt; the simulated root only writes code, so its
  // plain counterpart is the simulated reader.
  const baselineModel = modelSpec === "simulated:root" ? subModel : model;
  const sandbox = await createSandbox(language);
  const rows: EvalRow[] = [];
  try {
    const rlm = createRLM({ model, subModel, sandbox });
    for (const tokens of lengths) {
      for (let seed = 1; seed <= seeds; seed++) {
        const task = generateTask(family, { seed, tokens });
        rows.push(await measureRlm(rlm, task, tokens, seed));
        if (values.baseline) {
          rows.push(
            tokens <= baselineMaxTokens
              ? await measureBaseline(baselineModel, task, tokens, seed)
              : { method: "baseline", tokens, seed, score: undefined, skipped: "context too long" },
          );
        }
        io.stderr.write(`${family} ${tokens} tokens, seed ${seed}: done\n`);
      }
    }
  } finally {
    await sandbox.close?.();
  }
  io.stdout.write(`${renderTable(rows)}\n`);
  const out = resolve(io.cwd, values.out ?? `rlm-eval-${family}.json`);
  const chart = resolve(io.cwd, values.chart ?? `rlm-eval-${family}.svg`);
  await writeFile(out, `${JSON.stringify({ family, model: modelSpec, rows }, null, 2)}\n`);
  await writeFile(chart, renderAccuracyChart(family, rows));
  io.stderr.write(`Results: ${out}\nChart: ${chart}\n`);
  return EXIT.ok;
}

type Task = ReturnType<typeof generateTask>;

async function measureRlm(
  rlm: ReturnType<typeof createRLM>,
  task: Task,
  tokens: number,
  seed: number,
): Promise<EvalRow> {
  const started = performance.now();
  try {
    const result = await rlm.complete({
      context: task.context,
      query: task.query,
      // The command and the generated task's parameters: a title that is not content.
      name: `rlm eval ${task.family} ${tokens} tokens seed ${seed}`,
    });
    return {
      method: "rlm",
      tokens,
      seed,
      score: scoreTask(task, result.answer),
      costUsd: result.costUsd,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    return {
      method: "rlm",
      tokens,
      seed,
      score: 0,
      error: String(error),
      seconds: (performance.now() - started) / 1000,
    };
  }
}

async function measureBaseline(
  model: LanguageModel,
  task: Task,
  tokens: number,
  seed: number,
): Promise<EvalRow> {
  const started = performance.now();
  try {
    const result = await model.generate({
      messages: [
        {
          role: "user",
          content: `Question: ${task.query}\nAnswer as briefly as possible.\nText:\n${task.context}`,
        },
      ],
      maxOutputTokens: 2048,
    });
    return {
      method: "baseline",
      tokens,
      seed,
      score: scoreTask(task, result.text),
      costUsd: result.costUsd,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    return {
      method: "baseline",
      tokens,
      seed,
      score: 0,
      error: String(error),
      seconds: (performance.now() - started) / 1000,
    };
  }
}
