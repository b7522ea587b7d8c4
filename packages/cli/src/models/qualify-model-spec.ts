import { CliError } from "../cli-error.js";

export const MODEL_SPEC_FORMS = [
  "openai:<model>",
  "anthropic:<model>",
  "google:<model>",
  "openai-compatible:<model>@<baseURL>",
  "simulated:root | simulated:sub",
];

const PROVIDERS = ["openai", "anthropic", "google", "openai-compatible", "simulated"];

/**
 * A model spec with its provider. `provider:model` is kept as it is; a bare model name (which
 * may hold a colon itself, as Ollama's `qwen2.5:7b`) goes to the server the environment points
 * at: `OPENAI_BASE_URL` first (an OpenAI-compatible server), then the provider of the first key
 * set among ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY / GOOGLE_API_KEY.
 */
export function qualifyModelSpec(spec: string, env: NodeJS.ProcessEnv): string {
  const provider = spec.slice(0, Math.max(spec.indexOf(":"), 0));
  if (PROVIDERS.includes(provider)) return spec;
  if (env.OPENAI_BASE_URL) return `openai-compatible:${spec}@${env.OPENAI_BASE_URL}`;
  if (env.ANTHROPIC_API_KEY) return `anthropic:${spec}`;
  if (env.OPENAI_API_KEY) return `openai:${spec}`;
  if (env.GEMINI_API_KEY || env.GOOGLE_API_KEY) return `google:${spec}`;
  throw new CliError(
    `Unknown model "${spec}". Use one of: ${MODEL_SPEC_FORMS.join(", ")} (a bare model name needs OPENAI_BASE_URL or an API key to pick its provider).`,
  );
}
