import type { SubCallCacheEntry } from "../memo/sub-call-cache.js";
import { subCallKey } from "../memo/sub-call-key.js";
import { eventMessages } from "../model/content-text.js";
import type { GenerateResult } from "../model/language-model.js";
import type { FinishReason } from "../model/message.js";
import { modelsOf } from "../model/with-fallbacks.js";
import { type CallModelOptions, callModel } from "./call-model.js";
import type { RunState } from "./run-state.js";
import { untilAborted } from "./unless-stopped.js";

/**
 * A sub-call's model request (`llm_query`, and `rlm_query` at `maxDepth`), memoised when
 * `memoize` is on: an identical request of the same run shares the reply of the first (in
 * flight or done), and a reply kept by an earlier run in `memoize.cache` is reused. A reply
 * from the memo is announced like any call, with `cached: true`, and spends nothing: no
 * concurrency slot, no budget, zero tokens and cost in the ledger. Only successful replies
 * are kept.
 */
export async function callSubModel(
  run: RunState,
  options: CallModelOptions,
): Promise<GenerateResult> {
  const { memo } = run;
  if (!memo) return callModel(run, options);
  const { model, messages, abortSignal } = options;
  // A fallback chain is keyed by all its models: any of them may have given the reply.
  const models = modelsOf(model);
  const key = subCallKey({
    provider: models.map((entry) => entry.provider).join(","),
    modelId: models.map((entry) => entry.modelId).join(","),
    messages,
    ...(options.responseFormat ? { responseFormat: options.responseFormat } : {}),
    ...(run.options.temperature !== undefined ? { temperature: run.options.temperature } : {}),
    maxOutputTokens: run.options.maxOutputTokens,
    ...(run.options.providerOptions ? { providerOptions: run.options.providerOptions } : {}),
  });

  for (let shared = memo.shared(key); shared; shared = memo.shared(key)) {
    const startedAt = performance.now();
    try {
      const entry = await untilAborted(shared, abortSignal);
      return answerFromMemo(run, options, entry, startedAt);
    } catch (error) {
      // The request it waited for failed, and failures are not memoised: ask again, unless
      // this caller itself was stopped.
      if (abortSignal.aborted) throw error;
    }
  }

  let settle!: { resolve(entry: SubCallCacheEntry): void; reject(error: unknown): void };
  const reply = new Promise<SubCallCacheEntry>((resolve, reject) => {
    settle = { resolve, reject };
  });
  memo.share(key, reply);
  try {
    const startedAt = performance.now();
    const stored = await memo.lookup(key);
    // Nothing is announced for a caller that was stopped while the cache was read.
    abortSignal.throwIfAborted();
    if (stored) {
      settle.resolve(stored);
      return answerFromMemo(run, options, stored, startedAt);
    }
    const result = await callModel(run, options);
    const entry: SubCallCacheEntry = {
      text: result.text,
      usage: result.usage,
      ...(result.costUsd !== undefined ? { costUsd: result.costUsd } : {}),
      modelId: result.response.modelId ?? model.modelId,
      finishReason: result.finishReason,
      createdAt: Date.now(),
    };
    settle.resolve(entry);
    memo.noteAnswer(options.subcallId, false);
    await memo.store(key, entry);
    return result;
  } catch (error) {
    settle.reject(error);
    throw error;
  }
}

/** Announces and books a request answered from the memo, and returns its reply. */
function answerFromMemo(
  run: RunState,
  options: CallModelOptions,
  entry: SubCallCacheEntry,
  startedAt: number,
): GenerateResult {
  const { node, tier, model, messages, cellId, subcallId } = options;
  const fields = {
    callId: run.newId("call"),
    ...(cellId ? { cellId } : {}),
    ...(subcallId ? { subcallId } : {}),
    tier,
    provider: model.provider,
    modelId: model.modelId,
    attempt: 1,
  };
  const usage = { inputTokens: 0, outputTokens: 0 };
  const finishReason: FinishReason = entry.finishReason ?? "stop";
  run.emit(node, { type: "model-call-start", ...fields, messages: eventMessages(messages) });
  run.ledger.record({ ...fields, ...node, status: "ok", usage, costUsd: 0, cached: true });
  run.memo?.noteAnswer(subcallId, true);
  run.emit(node, {
    type: "model-call-end",
    ...fields,
    usage,
    costUsd: 0,
    finishReason,
    responseModel: entry.modelId,
    text: entry.text,
    durationMs: performance.now() - startedAt,
    cached: true,
  });
  return {
    text: entry.text,
    finishReason,
    usage,
    costUsd: 0,
    response: { modelId: entry.modelId },
  };
}
