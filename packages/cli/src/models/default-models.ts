/** The models used when none is given, picked from the keys in the environment. */
export interface DefaultModels {
  model: string;
  subModel: string;
  /** Set when no key was found and the offline simulated provider is used. */
  simulated: boolean;
}

export function defaultModels(env: NodeJS.ProcessEnv = process.env): DefaultModels {
  if (env.ANTHROPIC_API_KEY) {
    return {
      model: "anthropic:claude-sonnet-4-6",
      subModel: "anthropic:claude-haiku-4-5",
      simulated: false,
    };
  }
  if (env.OPENAI_API_KEY)
    return { model: "openai:gpt-5", subModel: "openai:gpt-5-mini", simulated: false };
  if (env.GEMINI_API_KEY) {
    return {
      model: "google:gemini-2.5-pro",
      subModel: "google:gemini-2.5-flash",
      simulated: false,
    };
  }
  if (env.OPENAI_BASE_URL && env.RLM_MODEL) {
    const spec = `openai-compatible:${env.RLM_MODEL}@${env.OPENAI_BASE_URL}`;
    return { model: spec, subModel: spec, simulated: false };
  }
  return { model: "simulated:root", subModel: "simulated:sub", simulated: true };
}

export const SIMULATED_NOTICE =
  "No OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY or OPENAI_BASE_URL + RLM_MODEL is set: using the built-in SIMULATED provider (rule-based models that write real code and read real slices, offline, at no cost). Its answers show the pipeline, not a real model's quality.";
