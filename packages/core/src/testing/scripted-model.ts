import type { GenerateRequest, GenerateResult, LanguageModel } from "../model/language-model.js";
import { type FinishReason, messageText } from "../model/message.js";
import { sleep } from "../retry/sleep.js";
import { computeCostUsd, type ModelPricing } from "../usage/compute-cost.js";
import type { Usage } from "../usage/usage.js";

/** One scripted reply: a text, or a failure, optionally after a delay. */
export interface ScriptedReply {
  text?: string;
  /** Thrown instead of replying (e.g. a retryable `ProviderError`). */
  error?: Error;
  /** Defaults to about one token per four characters of prompt and reply. */
  usage?: Usage;
  finishReason?: FinishReason;
  /** Waits this long first; an abort ends the wait with the signal's reason. */
  delayMs?: number;
}

export type ScriptedResponder = (
  request: GenerateRequest,
  callIndex: number,
) => string | ScriptedReply | Promise<string | ScriptedReply>;

export interface ScriptedModelOptions {
  /** Replies given in order, one per call. */
  replies?: readonly (string | ScriptedReply)[];
  /** Or a function of the request; takes precedence over `replies`. */
  respond?: ScriptedResponder;
  provider?: string;
  modelId?: string;
  /** With a price, results carry `costUsd` and the model can be used with `maxCostUsd`. */
  pricing?: ModelPricing;
  /** Reported as the model's context window, for tests of history compaction. */
  contextWindowTokens?: number;
  /** Declares native `responseFormat` support; the script still decides the reply. */
  supportsStructuredOutput?: boolean;
  /** Declares that the model accepts image parts. */
  supportsImages?: boolean;
}

export interface ScriptedModel extends LanguageModel {
  /** Every request received, in order. */
  readonly calls: GenerateRequest[];
}

/**
 * A `LanguageModel` for tests that answers from a script and records what it was asked.
 * Usage is reported (estimated from text length unless scripted), so budgets and ledgers
 * behave as with a real provider.
 */
export function scriptedModel(options: ScriptedModelOptions): ScriptedModel {
  const calls: GenerateRequest[] = [];
  const { pricing } = options;
  return {
    provider: options.provider ?? "scripted",
    modelId: options.modelId ?? "scripted-model",
    ...(pricing ? { pricing } : {}),
    ...(options.contextWindowTokens !== undefined
      ? { contextWindowTokens: options.contextWindowTokens }
      : {}),
    ...(options.supportsStructuredOutput ? { supportsStructuredOutput: true } : {}),
    ...(options.supportsImages ? { supportsImages: true } : {}),
    calls,
    async generate(request) {
      const callIndex = calls.length;
      calls.push(request);
      const scripted = options.respond
        ? await options.respond(request, callIndex)
        : options.replies?.[callIndex];
      if (scripted === undefined) {
        throw new Error(`The scripted model has no reply for call ${callIndex + 1}.`);
      }
      const reply: ScriptedReply = typeof scripted === "string" ? { text: scripted } : scripted;
      if (reply.delayMs) await sleep(reply.delayMs, request.abortSignal);
      request.abortSignal?.throwIfAborted();
      if (reply.error) throw reply.error;
      const text = reply.text ?? "";
      const usage = reply.usage ?? estimateUsage(request, text);
      const costUsd = pricing ? computeCostUsd(pricing, usage) : undefined;
      const result: GenerateResult = {
        text,
        finishReason: reply.finishReason ?? "stop",
        usage,
        response: { id: `scripted-${callIndex + 1}`, modelId: options.modelId ?? "scripted-model" },
      };
      if (costUsd !== undefined) result.costUsd = costUsd;
      return result;
    },
  };
}

function estimateUsage(request: GenerateRequest, text: string): Usage {
  let promptChars = 0;
  for (const message of request.messages) promptChars += messageText(message).length;
  return { inputTokens: Math.ceil(promptChars / 4), outputTokens: Math.ceil(text.length / 4) };
}
