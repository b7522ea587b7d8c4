import type { GenerateRequest, GenerateResult } from "@rlm/core";
import type OpenAI from "openai";
import type { OpenAIJsonFormat } from "./openai-json-format.js";
import type { OpenAIRequestOptions } from "./openai-options.js";

/** What one request needs besides the client; resolved by the language model. */
export interface OpenAICallSettings {
  modelId: string;
  stream: boolean;
  /** False for reasoning models, which reject `temperature`. */
  sendTemperature: boolean;
  maxTokensField: "max_completion_tokens" | "max_tokens";
  /** Whether a Chat Completions stream must end with its usage chunk (OpenAI's own do). */
  requireStreamUsage: boolean;
  providerOptions: OpenAIRequestOptions;
  /** The request's `responseFormat`, when the model honours it natively. */
  jsonFormat?: OpenAIJsonFormat | undefined;
}

export interface OpenAICallOptions {
  client: OpenAI;
  request: GenerateRequest;
  settings: OpenAICallSettings;
  /** The request's deadline signal (caller abort or timeout). */
  signal: AbortSignal;
  timeoutMs: number;
  provider: string;
  /** Called once the response headers arrive, so failures can carry the request id. */
  onResponse(response: Response): void;
}

/** A call's result before cost is added. */
export type OpenAICallOutcome = Omit<GenerateResult, "costUsd">;

/** Drops `undefined` fields so they are left out of the JSON body. */
export function definedFields<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
