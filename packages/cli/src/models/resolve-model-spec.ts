import type { LanguageModel } from "@rlm/core";
import { CliError } from "../cli-error.js";
import { simulated } from "../simulated/simulated-provider.js";
import { MODEL_SPEC_FORMS, qualifyModelSpec } from "./qualify-model-spec.js";

/**
 * Turns a model spec from the command line or the environment into a `LanguageModel`:
 * `openai:gpt-5-mini`, `anthropic:claude-sonnet-4-6`, `google:gemini-2.5-flash`,
 * `openai-compatible:llama3@http://localhost:11434/v1`, `simulated:root`, or a bare model name
 * (see `qualifyModelSpec`). Keys and base URLs come from `env`, and a missing key is a usage
 * error found here, before any run starts.
 */
export async function resolveModelSpec(
  spec: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LanguageModel> {
  const qualified = qualifyModelSpec(spec, env);
  const colon = qualified.indexOf(":");
  const provider = qualified.slice(0, colon);
  const rest = qualified.slice(colon + 1);
  if (!rest) throw badSpec(spec);
  switch (provider) {
    case "openai": {
      const { openai } = await import("@rlm/openai");
      return openai(rest, {
        apiKey: requireKey(qualified, env, "OPENAI_API_KEY"),
        ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
      });
    }
    case "openai-compatible": {
      const at = rest.lastIndexOf("@");
      const baseURL = rest.slice(at + 1);
      if (at <= 0 || !/^https?:\/\//.test(baseURL)) throw badSpec(spec);
      const { openaiCompatible } = await import("@rlm/openai");
      // OPENAI_API_KEY goes only to the server OPENAI_BASE_URL names with it, never elsewhere.
      const apiKey = baseURL === env.OPENAI_BASE_URL ? env.OPENAI_API_KEY : undefined;
      return openaiCompatible({
        modelId: rest.slice(0, at),
        baseURL,
        ...(apiKey ? { apiKey } : {}),
      });
    }
    case "anthropic": {
      const { anthropic } = await import("@rlm/anthropic");
      return anthropic(rest, {
        apiKey: requireKey(qualified, env, "ANTHROPIC_API_KEY"),
        ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}),
      });
    }
    case "google": {
      const { google } = await import("@rlm/google");
      const vertexai = env.GOOGLE_GENAI_USE_VERTEXAI === "true";
      const apiKey = env.GEMINI_API_KEY || env.GOOGLE_API_KEY;
      if (!vertexai && !apiKey) {
        throw new CliError(
          `${qualified} needs GEMINI_API_KEY (or GOOGLE_API_KEY), which is not set.`,
        );
      }
      return google(rest, {
        vertexai,
        ...(apiKey ? { apiKey } : {}),
        ...(env.GOOGLE_GEMINI_BASE_URL ? { baseURL: env.GOOGLE_GEMINI_BASE_URL } : {}),
      });
    }
    default:
      if (rest !== "root" && rest !== "sub") throw badSpec(spec);
      return simulated(rest);
  }
}

function requireKey(spec: string, env: NodeJS.ProcessEnv, variable: string): string {
  const key = env[variable];
  if (!key) throw new CliError(`${spec} needs ${variable}, which is not set.`);
  return key;
}

function badSpec(spec: string): CliError {
  return new CliError(`Unknown model "${spec}". Use one of: ${MODEL_SPEC_FORMS.join(", ")}.`);
}
