import type { LanguageModel } from "@rlm/core";
import { defaultModels } from "./default-models.js";
import { resolveModelSpec } from "./resolve-model-spec.js";

export interface ChosenModels {
  model: LanguageModel;
  subModel: LanguageModel;
  modelSpec: string;
  subModelSpec: string;
  /** True when the built-in simulated provider answers because nothing named a model. */
  simulated: boolean;
}

/**
 * The root and sub-model of a command: `--model` / `--sub-model`, else `RLM_MODEL`, else the
 * defaults of the keys set (`defaultModels`); `--model` alone serves both tiers. Everything a
 * model needs (its key) is checked here, before the command reads its input or runs.
 */
export async function chooseModels(
  flags: { model?: string | undefined; subModel?: string | undefined },
  env: NodeJS.ProcessEnv,
): Promise<ChosenModels> {
  const defaults = defaultModels(env);
  const modelSpec = flags.model ?? defaults.model;
  const subModelSpec = flags.subModel ?? flags.model ?? defaults.subModel;
  return {
    model: await resolveModelSpec(modelSpec, env),
    subModel: await resolveModelSpec(subModelSpec, env),
    modelSpec,
    subModelSpec,
    simulated: defaults.simulated && flags.model === undefined,
  };
}
