import type { Reservation } from "../budget/run-budget.js";
import type { LanguageModel } from "../model/language-model.js";
import type { Message } from "../model/message.js";
import { computeCostUsd, pricingFor } from "../usage/compute-cost.js";

/** Tokens counted for a message's role and framing on top of its text. */
const MESSAGE_OVERHEAD_TOKENS = 8;
/** Characters per token assumed for the prompt: below typical English (~4) and code (~3.5). */
const CHARS_PER_TOKEN = 3;
/**
 * Tokens counted for one image part: above what providers bill for an image at their
 * default detail (Anthropic about 1,600 for a 1.15-megapixel image, OpenAI at most 1,105
 * at high detail in 512-pixel tiles, and on its patch-based mini and nano models up to
 * 1,536 patches times 1.62 to 2.46, so 3,779; Gemini 258 per tile), so the reservation
 * stays high.
 */
export const IMAGE_TOKENS_ESTIMATE = 3_800;

/** A request's worst case: its reservation, and the usage that reservation stands for. */
export interface WorstCase extends Reservation {
  inputTokens: number;
  outputTokens: number;
}

/**
 * What a request may cost at most, reserved before it is sent: the prompt estimated
 * conservatively plus the full `maxOutputTokens`, at the dearer of the input and
 * cache-write prices, and at the long-context prices when the estimated prompt is past the
 * model's long-context threshold.
 */
export function estimateWorstCase(options: {
  model: LanguageModel;
  messages: readonly Message[];
  maxOutputTokens: number;
}): WorstCase {
  const { model, messages, maxOutputTokens } = options;
  const inputTokens = estimatePromptTokens(messages);
  // At the prices of a prompt this long: a long-context tier bills every token dearer.
  const pricing = model.pricing ? pricingFor(model.pricing, inputTokens) : undefined;
  const costUsd = pricing
    ? (computeCostUsd(
        {
          inputPerMillionUsd: Math.max(
            pricing.inputPerMillionUsd,
            pricing.cacheWritePerMillionUsd ?? 0,
          ),
          outputPerMillionUsd: pricing.outputPerMillionUsd,
        },
        { inputTokens, outputTokens: maxOutputTokens },
      ) ?? 0)
    : 0;
  return {
    costUsd,
    tokens: inputTokens + maxOutputTokens,
    inputTokens,
    outputTokens: maxOutputTokens,
  };
}

/** A prompt's tokens, estimated on the high side: what reservations and compaction count. */
export function estimatePromptTokens(messages: readonly Message[]): number {
  let promptChars = 0;
  let images = 0;
  for (const message of messages) {
    if (typeof message.content === "string") promptChars += message.content.length;
    else
      for (const part of message.content) {
        if (part.type === "text") promptChars += part.text.length;
        else images++;
      }
  }
  return (
    Math.ceil(promptChars / CHARS_PER_TOKEN) +
    images * IMAGE_TOKENS_ESTIMATE +
    messages.length * MESSAGE_OVERHEAD_TOKENS
  );
}
