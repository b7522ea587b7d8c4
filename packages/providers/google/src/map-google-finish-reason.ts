import type { FinishReason } from "@rlm/core";

/** Finish reasons that mean a safety or policy filter stopped the answer. */
export const FILTERED_FINISH_REASONS: ReadonlySet<string> = new Set([
  "SAFETY",
  "RECITATION",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
]);

/** Maps a Gemini candidate's `finishReason` to core's finish reason. */
export function mapGoogleFinishReason(finishReason: string | null | undefined): FinishReason {
  if (finishReason === "STOP") return "stop";
  if (finishReason === "MAX_TOKENS") return "length";
  if (finishReason && FILTERED_FINISH_REASONS.has(finishReason)) return "content-filter";
  if (finishReason === "MALFORMED_FUNCTION_CALL") return "error";
  return "other";
}
