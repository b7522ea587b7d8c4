import { qualifyModelSpec } from "./qualify-model-spec.js";

/** The models a command uses when no flag names one. */
export interface DefaultModels {
  model: string;
  subModel: string;
  /** Set when no key was found and the offline simulated provider is used. */
  simulated: boolean;
}

/**
 * The models used when no flag names one: `RLM_MODEL` for both tiers when set (a spec, or a
 * bare name on the server the environment points at), else a pair picked from the keys set.
 */
export function defaultModels(env: NodeJS.ProcessEnv = process.env): DefaultModels {
  if (env.RLM_MODEL) {
    const spec = qualifyModelSpec(env.RLM_MODEL, env);
    return { model: spec, subModel: spec, simulated: spec.startsWith("simulated:") };
  }
  if (env.ANTHROPIC_API_KEY) {
    return {
      model: "anthropic:claude-sonnet-4-6",
      subModel: "anthropic:claude-haiku-4-5",
      simulated: false,
    };
  }
  if (env.OPENAI_API_KEY)
    return { model: "openai:gpt-5", subModel: "openai:gpt-5-mini", simulated: false };
  if (env.GEMINI_API_KEY || env.GOOGLE_API_KEY) {
    return {
      model: "google:gemini-2.5-pro",
      subModel: "google:gemini-2.5-flash",
      simulated: false,
    };
  }
  return { model: "simulated:root", subModel: "simulated:sub", simulated: true };
}

export const SIMULATED_NOTICE =
  "No RLM_MODEL, ANTHROPIC_API_KEY, OPENAI_API_KEY or GEMINI_API_KEY is set: using the built-in SIMULATED provider (rule-based models that write real code and read real slices, offline, at no cost). Its answers show the pipeline, not a real model's quality.";
