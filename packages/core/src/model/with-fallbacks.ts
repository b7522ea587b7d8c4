import { ConfigurationError } from "../errors/configuration-error.js";
import { ProviderError, type ProviderErrorKind } from "../errors/provider-error.js";
import type { ModelPricing } from "../usage/compute-cost.js";
import type { GenerateRequest, LanguageModel } from "./language-model.js";

/** Kinds that move on to the next model even when the error is not retryable. */
const FALLBACK_KINDS: ReadonlySet<ProviderErrorKind> = new Set(["rate-limit", "quota"]);

export interface FallbackOptions {
  /**
   * Which failures move on to the next model: a list of `ProviderError` kinds, or a test of
   * the error. Default: any retryable `ProviderError` (server faults, timeouts, broken
   * connections, ...), and every rate limit or exhausted quota.
   */
  on?: readonly ProviderErrorKind[] | ((error: unknown) => boolean);
}

/** The models of a chain and when to move along it: what core's model calls read. */
export interface FallbackChain {
  readonly models: readonly LanguageModel[];
  shouldFallBack(error: unknown): boolean;
}

const CHAIN = Symbol.for("@rlm/core/fallback-chain");

/**
 * A model that tries `models` in order: when one fails in a way `on` accepts, the next one
 * gets the same request. In an RLM, core retries each model by its retry policy first and
 * moves to the next once those retries are spent; every attempt is booked, announced and
 * traced under the model that made it (`provider`, `modelId` and `fallbackIndex` on
 * `model-call-start` / `model-call-end`).
 *
 * It reports the first model's `provider` and `modelId`; a price only when every model has
 * one (the first's, while each attempt is reserved and costed at its own model's price), the
 * smallest context window, and images or structured output only when every model takes them.
 * A `withFallbacks` model among `models` is spliced in: its models join the chain in its
 * place, under this chain's `on`.
 *
 * @example
 * ```ts
 * const model = withFallbacks([openai("gpt-5-mini"), anthropic("claude-haiku-4-5")]);
 * ```
 */
export function withFallbacks(
  models: readonly LanguageModel[],
  options: FallbackOptions = {},
): LanguageModel {
  const [first] = models;
  if (!first) {
    throw new ConfigurationError({ message: "`withFallbacks` needs at least one model." });
  }
  const chain: FallbackChain = {
    // A chain given as one of the models is spliced in, so each of its models is retried too.
    models: models.flatMap((model) => modelsOf(model)),
    shouldFallBack: fallbackTest(options.on),
  };
  const all = chain.models;
  const pricing = all.every((model) => model.pricing) ? first.pricing : undefined;
  const windows = all.map((model) => model.contextWindowTokens);
  const smallestWindow = windows.every((tokens) => tokens !== undefined)
    ? Math.min(...(windows as number[]))
    : undefined;
  const model: LanguageModel & { [CHAIN]: FallbackChain } = {
    [CHAIN]: chain,
    provider: first.provider,
    modelId: first.modelId,
    ...(pricing ? { pricing: pricing as ModelPricing } : {}),
    ...(smallestWindow !== undefined ? { contextWindowTokens: smallestWindow } : {}),
    supportsStructuredOutput: all.every((entry) => entry.supportsStructuredOutput === true),
    supportsImages: all.every((entry) => entry.supportsImages === true),
    // Outside an RLM (no core retries) each model gets one attempt.
    generate: (request: GenerateRequest) =>
      alongFallbacks({
        model,
        abortSignal: request.abortSignal,
        call: (entry) => entry.generate(request),
      }),
  };
  return model;
}

/** The chain behind a `withFallbacks` model, or `undefined` for any other model. */
export function fallbackChain(model: LanguageModel): FallbackChain | undefined {
  return (model as { [CHAIN]?: FallbackChain })[CHAIN];
}

/** Every model a configured model may call: the chain's, or the model itself. */
export function modelsOf(model: LanguageModel): readonly LanguageModel[] {
  return fallbackChain(model)?.models ?? [model];
}

/**
 * Runs `call` with each model of `model`'s chain in turn until one succeeds, the failure is
 * not one to fall back on, the signal aborts or the chain ends (its last failure is thrown).
 * A model that is no chain is called once, with no `fallbackIndex`.
 */
export async function alongFallbacks<Result>(options: {
  model: LanguageModel;
  abortSignal?: AbortSignal | undefined;
  call: (model: LanguageModel, fallbackIndex: number | undefined) => Promise<Result>;
}): Promise<Result> {
  const chain = fallbackChain(options.model);
  if (!chain) return options.call(options.model, undefined);
  for (let index = 0; ; index++) {
    try {
      return await options.call(chain.models[index] as LanguageModel, index);
    } catch (error) {
      const last = index === chain.models.length - 1;
      if (last || options.abortSignal?.aborted || !chain.shouldFallBack(error)) throw error;
    }
  }
}

function fallbackTest(on: FallbackOptions["on"]): (error: unknown) => boolean {
  if (typeof on === "function") return on;
  if (on) {
    const kinds = new Set(on);
    return (error) => ProviderError.isInstance(error) && kinds.has(error.kind);
  }
  return (error) =>
    ProviderError.isInstance(error) && (error.isRetryable || FALLBACK_KINDS.has(error.kind));
}
