import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Context } from "../context/context.js";
import type { EventSink } from "../events/events.js";
import type { MemoizeOption } from "../memo/memoize-option.js";
import type { LanguageModel } from "../model/language-model.js";
import type { SystemPromptInfo } from "../prompt/system-prompt.js";
import type { RetryPolicy } from "../retry/with-retries.js";
import type { Sandbox } from "../sandbox/sandbox.js";
import type { HostTool } from "../tools/tool.js";
import type { CompactionOptions } from "./compaction-options.js";

export interface RLMLimits {
  /** Total cost of the run in USD. Needs a price for every configured model. */
  maxCostUsd?: number;
  /** Input + output tokens over the whole run, every depth included. */
  maxTokens?: number;
  /** `llm_query` + `rlm_query` calls over the whole run. */
  maxSubCalls?: number;
  /** Model requests in flight at once across the whole run. Default 16. */
  maxConcurrency?: number;
  /**
   * Sandbox sessions alive at once across the whole run (each is a process with the Deno
   * sandbox); a child RLM waits for a slot. Default: the sandbox's `recommendedMaxSessions`,
   * else four per CPU core, and never below `maxDepth + 1`, the least that cannot deadlock.
   */
  maxLiveSessions?: number;
  /** Wall-clock limit of the run in milliseconds. */
  timeoutMs?: number;
}

export type { HostTool };

export interface RLMOptions {
  /** The root model (depth 0), and the model of child RLMs unless `depthModels` says otherwise. */
  model: LanguageModel;
  /** Answers `llm_query` at every depth. Defaults to `model`. */
  subModel?: LanguageModel;
  /** Extra models that sandbox code picks by name: `llm_query(p, { model: "cheap" })`. */
  models?: Record<string, LanguageModel>;
  /** The root model of child RLMs at depth 1, 2, ... (`depthModels[d - 1]`). */
  depthModels?: readonly LanguageModel[];
  sandbox: Sandbox;
  /** Deepest child RLM; at this depth `rlm_query` becomes `llm_query`. Default 1. */
  maxDepth?: number;
  /** Model turns per RLM node before it is asked for its final answer. Default 30. */
  maxIterations?: number;
  limits?: RLMLimits;
  /** Output cap of each model request. Default 8192. */
  maxOutputTokens?: number;
  temperature?: number;
  /**
   * Sent with every model request, keyed by provider (`{ openai: { reasoningEffort: "low" } }`,
   * `{ anthropic: { thinking: ... } }`): each provider package reads its own key.
   */
  providerOptions?: ProviderOptions;
  /** Per-cell time limit in the sandbox. Default 120 s. */
  cellTimeoutMs?: number;
  /** Characters of cell output shown back to the model (head + tail). Default 20,000. */
  maxOutputChars?: number;
  /**
   * Characters of one sub-model prompt, on every path that builds one: `llm_query`, a child
   * RLM's query, and `rlm_query` at `maxDepth` (its prompt with the context appended).
   * Default 4,000,000.
   */
  maxPromptChars?: number;
  /**
   * Characters of content (prompts, replies, code, output, answers) each event keeps, in all
   * of its texts together; a longer text keeps its head and tail. This bounds what a run's
   * trajectory holds in memory and what sinks receive. Default 10,000; `Infinity` keeps
   * every text whole.
   */
  maxEventTextChars?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * Host functions that sandbox code calls by name. Each is a typed tool
   * `{ description, inputSchema, execute }` (see `tool()`), whose arguments are validated
   * before `execute` runs, or a plain function `(args, { abortSignal }) => result`, whose
   * argument is passed on unchecked. Names must be identifiers (`get_weather`).
   */
  tools?: Record<string, HostTool>;
  /** Replaces the built-in system prompt. */
  systemPrompt?: (info: SystemPromptInfo) => string;
  /** Receive every event: telemetry (`@rlm/otel`), trajectory files, progress displays. */
  sinks?: readonly EventSink[];
  /**
   * Replaces older turns with a summary when a conversation passes a share of its model's
   * context window. On for models that report their window; `false` turns it off.
   */
  compaction?: false | CompactionOptions;
  /**
   * Answers identical sub-calls (`llm_query`, and `rlm_query` at `maxDepth`: same model,
   * prompt, images, schema, temperature and output cap) once. `true`: within each run, an
   * identical request shares the first one's reply, in flight or done. `{ cache }`: also
   * across runs, in `inMemorySubCallCache()` or `sqliteSubCallCache()` from
   * `@rlm/core/sqlite-cache`. A reused reply costs nothing and is marked `cached: true`.
   * Off by default: repeating a prompt at a temperature above 0 (votes, self-consistency)
   * is meant to give different replies.
   */
  memoize?: MemoizeOption;
}

/** Provider options keyed by provider name, as `GenerateRequest.providerOptions` carries them. */
export type ProviderOptions = Record<string, Record<string, unknown>>;

/**
 * The models of one call, in place of the RLM's. Each is named after its tier: `root` for
 * `model`, `sub` for `subModel`, `named` for `models` (merged over the RLM's by name),
 * `depth` for `depthModels`. A tier left out keeps the RLM's model; as in `createRLM`,
 * `sub` and child RLMs default to the root model when the RLM set none of their own.
 */
export interface ModelOverrides {
  root?: LanguageModel;
  sub?: LanguageModel;
  named?: Record<string, LanguageModel>;
  depth?: readonly LanguageModel[];
}

/**
 * What one `complete()` / `stream()` call may set over the RLM's own options. They apply to
 * that call only, checked like `createRLM`'s options; the next call uses the RLM's again.
 */
export interface CallOverrides {
  /** This call's models, tier by tier. */
  models?: ModelOverrides;
  /** This call's limits, over the RLM's, field by field. */
  limits?: RLMLimits;
  /** This call's provider options, over the RLM's `providerOptions`, provider by provider. */
  providerOptions?: ProviderOptions;
  /** This call's turns per node, instead of the RLM's `maxIterations`. */
  maxIterations?: number;
  /** This call's deepest child RLM, instead of the RLM's `maxDepth`. */
  maxDepth?: number;
}

export interface CompleteOptions<Schema extends StandardSchemaV1 | undefined = undefined>
  extends CallOverrides {
  context: Context;
  query: string;
  /**
   * A title for the run that is not content (`"nightly triage"`, `"rlm run"`): it is on the
   * `run-start` event and exported as `rlm.run.name` even when content capture is off, so
   * dashboards can list the run by it instead of its id. At most 200 characters.
   */
  name?: string;
  /** A Standard Schema (zod, valibot, arktype, ...). `FINAL` values are validated against it. */
  schema?: Schema;
  abortSignal?: AbortSignal;
}
