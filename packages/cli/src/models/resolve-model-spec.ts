import type { LanguageModel } from "@rlm/core";
import { CliError } from "../cli-error.js";
import { simulated } from "../simulated/simulated-provider.js";

export const MODEL_SPEC_FORMS = [
  "openai:<model>",
  "anthropic:<model>",
  "google:<model>",
  "openai-compatible:<model>@<baseURL>",
  "simulated:root | simulated:sub",
];

/**
 * Turns a model spec from the command line or a config file into a `LanguageModel`:
 * `openai:gpt-5-mini`, `anthropic:claude-sonnet-4-6`, `google:gemini-2.5-flash`,
 * `openai-compatible:llama3@http://localhost:11434/v1`, `simulated:root`.
 */
export async function resolveModelSpec(spec: string): Promise<LanguageModel> {
  const colon = spec.indexOf(":");
  const provider = colon > 0 ? spec.slice(0, colon) : "";
  const rest = colon > 0 ? spec.slice(colon + 1) : "";
  if (!provider || !rest) throw badSpec(spec);
  switch (provider) {
    case "openai": {
      const { openai } = await import("@rlm/openai");
      return openai(rest);
    }
    case "openai-compatible": {
      const at = rest.lastIndexOf("@");
      if (at <= 0 || !/^https?:\/\//.test(rest.slice(at + 1))) throw badSpec(spec);
      const { openaiCompatible } = await import("@rlm/openai");
      return openaiCompatible({ modelId: rest.slice(0, at), baseURL: rest.slice(at + 1) });
    }
    case "anthropic": {
      const { anthropic } = await import("@rlm/anthropic");
      return anthropic(rest);
    }
    case "google": {
      const { google } = await import("@rlm/google");
      return google(rest);
    }
    case "simulated":
      if (rest !== "root" && rest !== "sub") throw badSpec(spec);
      return simulated(rest);
    default:
      throw badSpec(spec);
  }
}

function badSpec(spec: string): CliError {
  return new CliError(`Unknown model "${spec}". Use one of: ${MODEL_SPEC_FORMS.join(", ")}.`);
}
