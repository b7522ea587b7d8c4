import { eventMessages } from "../model/content-text.js";
import type { GenerateRequest, GenerateResult, LanguageModel } from "../model/language-model.js";
import type { Message } from "../model/message.js";
import { alongFallbacks } from "../model/with-fallbacks.js";
import { withRetries } from "../retry/with-retries.js";
import { computeCostUsd } from "../usage/compute-cost.js";
import { mayHaveBeenBilled } from "../usage/may-have-been-billed.js";
import { totalTokens, type Usage } from "../usage/usage.js";
import { errorSummary } from "./error-summary.js";
import { estimateWorstCase } from "./estimate-worst-case.js";
import type { NodeInfo, RunState } from "./run-state.js";

export interface CallModelOptions {
  node: NodeInfo;
  tier: string;
  model: LanguageModel;
  messages: Message[];
  /** The cell whose code made this call (sub-calls only). */
  cellId?: string;
  /** The sub-call this request answers. */
  subcallId?: string;
  /** Ask for a JSON reply (typed `llm_query` to a model with `supportsStructuredOutput`). */
  responseFormat?: GenerateRequest["responseFormat"];
  abortSignal: AbortSignal;
  /** This model's place in the chain of a `withFallbacks` model (set by `callModel`). */
  fallbackIndex?: number;
}

/**
 * One logical model request: retried by core's single policy, each attempt holding a
 * concurrency slot and a budget reservation, booked once in the ledger and announced by
 * a `model-call-start` / `model-call-end` pair. A `withFallbacks` model moves to its next
 * model once one's retries are spent; each attempt is booked under the model that made it.
 */
export function callModel(run: RunState, options: CallModelOptions): Promise<GenerateResult> {
  return alongFallbacks({
    model: options.model,
    abortSignal: options.abortSignal,
    call: (model, fallbackIndex) =>
      withRetries({
        policy: run.retryPolicy,
        abortSignal: options.abortSignal,
        attempt: (attempt) =>
          attemptOnce(
            run,
            { ...options, model, ...(fallbackIndex !== undefined ? { fallbackIndex } : {}) },
            attempt,
          ),
      }),
  });
}

async function attemptOnce(
  run: RunState,
  options: CallModelOptions,
  attempt: number,
): Promise<GenerateResult> {
  const { node, tier, model, messages, cellId, subcallId, abortSignal } = options;
  const release = await run.semaphore.acquire(abortSignal);
  try {
    // The run may have stopped while the slot was handed over (in the same tick): no request
    // may start after that.
    abortSignal.throwIfAborted();
    const maxOutputTokens = run.options.maxOutputTokens;
    const reservation = estimateWorstCase({ model, messages, maxOutputTokens });
    // A limit it would pass stops the whole run, not just this request.
    run.reserve(reservation);
    const callId = run.newId("call");
    const fields = {
      callId,
      ...(cellId ? { cellId } : {}),
      ...(subcallId ? { subcallId } : {}),
      tier,
      provider: model.provider,
      modelId: model.modelId,
      attempt,
      ...(options.fallbackIndex !== undefined ? { fallbackIndex: options.fallbackIndex } : {}),
    };
    run.emit(node, { type: "model-call-start", ...fields, messages: eventMessages(messages) });
    const startedAt = performance.now();
    try {
      const result = await model.generate({
        messages,
        maxOutputTokens,
        abortSignal,
        ...(run.options.temperature !== undefined ? { temperature: run.options.temperature } : {}),
        ...(run.options.providerOptions ? { providerOptions: run.options.providerOptions } : {}),
        ...(options.responseFormat ? { responseFormat: options.responseFormat } : {}),
      });
      const costUsd =
        result.costUsd ?? (model.pricing ? computeCostUsd(model.pricing, result.usage) : undefined);
      run.budget.settle(reservation, { costUsd, tokens: totalTokens(result.usage) });
      run.ledger.record({ ...fields, ...node, status: "ok", usage: result.usage, costUsd });
      run.emit(node, {
        type: "model-call-end",
        ...fields,
        usage: result.usage,
        ...(costUsd !== undefined ? { costUsd } : {}),
        finishReason: result.finishReason,
        ...(result.response.id ? { responseId: result.response.id } : {}),
        ...(result.response.modelId ? { responseModel: result.response.modelId } : {}),
        text: result.text,
        durationMs: performance.now() - startedAt,
      });
      return result;
    } catch (error) {
      // The ledger must never count less than the provider served: an attempt that may have
      // been billed keeps its whole reservation as spent, marked as an estimate.
      const spent: { usage: Usage; costUsd?: number; usageEstimated?: true } = mayHaveBeenBilled(
        error,
      )
        ? {
            usage: { inputTokens: reservation.inputTokens, outputTokens: reservation.outputTokens },
            ...(model.pricing ? { costUsd: reservation.costUsd } : {}),
            usageEstimated: true as const,
          }
        : { usage: {} };
      run.budget.settle(reservation, {
        ...(spent.costUsd !== undefined ? { costUsd: spent.costUsd } : {}),
        tokens: totalTokens(spent.usage),
      });
      run.ledger.record({ ...fields, ...node, status: "failed", ...spent });
      run.emit(node, {
        type: "model-call-end",
        ...fields,
        ...spent,
        durationMs: performance.now() - startedAt,
        error: errorSummary(error),
      });
      throw error;
    }
  } finally {
    release();
  }
}
