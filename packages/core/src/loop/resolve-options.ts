import { ConfigurationError } from "../errors/configuration-error.js";
import { type ResolvedMemoize, resolveMemoize } from "../memo/memoize-option.js";
import type { LanguageModel } from "../model/language-model.js";
import { modelsOf } from "../model/with-fallbacks.js";
import { buildSystemPrompt, type SystemPromptInfo } from "../prompt/system-prompt.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../retry/with-retries.js";
import { type ResolvedTool, resolveTools } from "../tools/resolve-tools.js";
import { type ResolvedCompaction, resolveCompaction } from "./compaction-options.js";
import { defaultMaxLiveSessions } from "./default-max-live-sessions.js";
import type { CallOverrides, ProviderOptions, RLMLimits, RLMOptions } from "./rlm-options.js";

export interface ResolvedOptions {
  model: LanguageModel;
  subModel: LanguageModel;
  models: Readonly<Record<string, LanguageModel>>;
  depthModels: readonly LanguageModel[];
  sandbox: RLMOptions["sandbox"];
  maxDepth: number;
  maxIterations: number;
  limits: RLMLimits & { maxConcurrency: number; maxLiveSessions: number };
  maxOutputTokens: number;
  temperature: number | undefined;
  providerOptions: ProviderOptions | undefined;
  cellTimeoutMs: number;
  maxOutputChars: number;
  maxPromptChars: number;
  maxEventTextChars: number;
  subCallChars: number;
  retry: RetryPolicy;
  tools: Readonly<Record<string, ResolvedTool>>;
  systemPrompt: (info: SystemPromptInfo) => string;
  sinks: NonNullable<RLMOptions["sinks"]>;
  compaction: ResolvedCompaction | undefined;
  memoize: ResolvedMemoize | undefined;
}

/** Applies defaults and rejects options that cannot work, before anything runs. */
export function resolveOptions(options: RLMOptions): ResolvedOptions {
  if (!options.model) throw new ConfigurationError({ message: "`model` is required." });
  if (!options.sandbox) throw new ConfigurationError({ message: "`sandbox` is required." });
  const maxDepth = options.maxDepth ?? 1;
  const limits = {
    maxConcurrency: 16,
    maxLiveSessions: defaultMaxLiveSessions({
      maxDepth,
      recommended: options.sandbox.recommendedMaxSessions,
    }),
    ...options.limits,
  };
  const resolved: ResolvedOptions = {
    model: options.model,
    subModel: options.subModel ?? options.model,
    models: { ...options.models },
    depthModels: options.depthModels ?? [],
    sandbox: options.sandbox,
    maxDepth,
    maxIterations: options.maxIterations ?? 30,
    limits,
    maxOutputTokens: options.maxOutputTokens ?? 8192,
    temperature: options.temperature,
    providerOptions: options.providerOptions,
    cellTimeoutMs: options.cellTimeoutMs ?? 120_000,
    maxOutputChars: options.maxOutputChars ?? 20_000,
    maxPromptChars: options.maxPromptChars ?? 4_000_000,
    maxEventTextChars: options.maxEventTextChars ?? 10_000,
    subCallChars: 200_000,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    tools: resolveTools(options.tools, options.sandbox.language),
    systemPrompt: options.systemPrompt ?? buildSystemPrompt,
    sinks: options.sinks ?? [],
    compaction: resolveCompaction({
      compaction: options.compaction,
      rootModel: options.model,
      models: options.models ?? {},
    }),
    memoize: resolveMemoize(options.memoize),
  };

  requireInteger("maxDepth", resolved.maxDepth, 0);
  requireInteger("maxIterations", resolved.maxIterations, 1);
  requireInteger("limits.maxConcurrency", limits.maxConcurrency, 1);
  // Fewer slots than levels would let parents waiting for children hold every slot.
  requireInteger("limits.maxLiveSessions", limits.maxLiveSessions, resolved.maxDepth + 1);
  requireInteger("maxOutputTokens", resolved.maxOutputTokens, 1);
  requireInteger("maxPromptChars", resolved.maxPromptChars, 1);
  if (resolved.maxEventTextChars !== Number.POSITIVE_INFINITY) {
    requireInteger("maxEventTextChars", resolved.maxEventTextChars, 0);
  }
  requireInteger("retry.maxRetries", resolved.retry.maxRetries, 0);
  if (limits.maxSubCalls !== undefined) requireInteger("limits.maxSubCalls", limits.maxSubCalls, 0);
  for (const name of ["maxCostUsd", "maxTokens", "timeoutMs"] as const) {
    const value = limits[name];
    if (value !== undefined && !(value > 0)) {
      throw new ConfigurationError({ message: `\`limits.${name}\` must be a positive number.` });
    }
  }
  if (limits.maxCostUsd !== undefined) {
    const unpriced = allModels(resolved).filter((model) => !model.pricing);
    if (unpriced.length) {
      const names = [...new Set(unpriced.map((model) => `${model.provider}:${model.modelId}`))];
      throw new ConfigurationError({
        message: `\`limits.maxCostUsd\` needs a price for every model, but these have none: ${names.join(", ")}. Pass \`pricing\` to the provider factory.`,
      });
    }
  }
  return resolved;
}

/** Whether a call sets anything over the RLM's own options. */
export function hasCallOverrides(overrides: CallOverrides): boolean {
  return (
    overrides.models !== undefined ||
    overrides.limits !== undefined ||
    overrides.providerOptions !== undefined ||
    overrides.maxIterations !== undefined ||
    overrides.maxDepth !== undefined
  );
}

/**
 * The RLM's options with one call's overrides applied, the one place they are merged:
 * models tier by tier (named models by name), limits field by field, provider options
 * provider by provider, the rest replaced. A field set to `undefined` changes nothing.
 */
export function withCallOverrides(options: RLMOptions, overrides: CallOverrides): RLMOptions {
  const { models, limits, providerOptions, maxIterations, maxDepth } = overrides;
  return {
    ...options,
    ...(models?.root ? { model: models.root } : {}),
    ...(models?.sub ? { subModel: models.sub } : {}),
    ...(models?.named ? { models: { ...options.models, ...definedFields(models.named) } } : {}),
    ...(models?.depth ? { depthModels: models.depth } : {}),
    ...(limits ? { limits: { ...options.limits, ...definedFields(limits) } } : {}),
    ...(providerOptions
      ? { providerOptions: mergeProviderOptions(options.providerOptions, providerOptions) }
      : {}),
    ...(maxIterations !== undefined ? { maxIterations } : {}),
    ...(maxDepth !== undefined ? { maxDepth } : {}),
  };
}

function mergeProviderOptions(
  base: ProviderOptions | undefined,
  overrides: ProviderOptions,
): ProviderOptions {
  const merged: ProviderOptions = { ...base };
  for (const [provider, values] of Object.entries(overrides)) {
    if (values !== undefined) merged[provider] = { ...base?.[provider], ...values };
  }
  return merged;
}

/** `value` without its `undefined` fields, so they leave the RLM's own in place. */
function definedFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** Every model the run may call, each model of a fallback chain included. */
function allModels(options: ResolvedOptions): LanguageModel[] {
  return [
    options.model,
    options.subModel,
    ...Object.values(options.models),
    ...options.depthModels,
  ].flatMap((model) => modelsOf(model));
}

function requireInteger(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new ConfigurationError({ message: `\`${name}\` must be an integer >= ${minimum}.` });
  }
}
