import type { GenerateRequest, GenerateResult, LanguageModel } from "@rlm/core";

export interface SimulatedModelOptions {
  /** Added before each reply, to make runs look like real network calls. Default 0. */
  latencyMs?: number;
}

/**
 * Wraps a rule-based reply function as a `LanguageModel`. Usage is estimated at four
 * characters per token; the price is $0 because nothing is billed.
 */
export function simulatedModel(options: {
  modelId: string;
  reply: (request: GenerateRequest) => string;
  latencyMs?: number;
}): LanguageModel {
  return {
    provider: "simulated",
    modelId: options.modelId,
    pricing: { inputPerMillionUsd: 0, outputPerMillionUsd: 0 },
    async generate(request): Promise<GenerateResult> {
      if (options.latencyMs) await delay(options.latencyMs, request.abortSignal);
      request.abortSignal?.throwIfAborted();
      const text = options.reply(request);
      let promptChars = 0;
      for (const message of request.messages) promptChars += message.content.length;
      const inputTokens = Math.ceil(promptChars / 4);
      const outputTokens = Math.ceil(text.length / 4);
      return {
        text,
        finishReason: "stop",
        usage: { inputTokens, outputTokens },
        costUsd: 0,
        response: { modelId: options.modelId },
      };
    },
  };
}

function delay(ms: number, abortSignal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    abortSignal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(abortSignal.reason);
      },
      { once: true },
    );
  });
}
