import type { LanguageModelV4FinishReason } from "@ai-sdk/provider";
import type { FinishReason } from "@rlm/core";

/**
 * The spec's unified finish reason in core's terms. `interrupted` (the output may be cut)
 * never gets here: the model throws a retryable error for it instead.
 */
export function mapAISDKFinishReason(reason: LanguageModelV4FinishReason): FinishReason {
  switch (reason.unified) {
    case "stop":
    case "length":
    case "content-filter":
    case "error":
      return reason.unified;
    default:
      return "other";
  }
}
