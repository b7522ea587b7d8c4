import type { SandboxLanguage } from "../sandbox/sandbox.js";
import type { ToolDescription } from "../tools/resolve-tools.js";
import { javascriptSystemPrompt } from "./system-prompt-javascript.js";
import { pythonSystemPrompt } from "./system-prompt-python.js";

/** What a system prompt may mention. Passed to a custom `systemPrompt` function too. */
export interface SystemPromptInfo {
  language: SandboxLanguage;
  depth: number;
  maxDepth: number;
  maxIterations: number;
  /** Characters of cell output the model sees per cell. */
  maxOutputChars: number;
  /** Suggested characters of context per sub-call prompt. */
  subCallChars: number;
  /** Names accepted by `llm_query(p, { model })`. */
  modelNames: readonly string[];
  toolNames: readonly string[];
  /** The tools with their descriptions and input schemas; without it only `toolNames` are listed. */
  tools?: readonly ToolDescription[];
  /** JSON Schema of the expected answer, when `complete` was given a schema. */
  answerSchema?: string;
}

/** Bumped whenever the wording of a built-in prompt changes, so trajectories can be compared. */
export const SYSTEM_PROMPT_VERSION = "2026-12-02.4";

export function buildSystemPrompt(info: SystemPromptInfo): string {
  return info.language === "python" ? pythonSystemPrompt(info) : javascriptSystemPrompt(info);
}
