import type { Usage } from "@rlm/core";

/** `usageMetadata` of a Gemini response, as far as cost is concerned. */
export interface GoogleUsageMetadata {
  promptTokenCount?: number | undefined;
  candidatesTokenCount?: number | undefined;
  thoughtsTokenCount?: number | undefined;
  cachedContentTokenCount?: number | undefined;
  /** The prompt's tokens by modality (`TEXT`, `IMAGE`, ...). */
  promptTokensDetails?: { modality?: string | undefined; tokenCount?: number | undefined }[];
}

/**
 * Gemini's `promptTokenCount` already includes cached tokens; its `candidatesTokenCount`
 * leaves thinking out, so thoughts are added to the output (they are billed as output).
 */
export function mapGoogleUsage(usage: GoogleUsageMetadata | null | undefined): Usage {
  if (!usage) return {};
  const mapped: Usage = {};
  if (usage.promptTokenCount !== undefined) mapped.inputTokens = usage.promptTokenCount;
  const candidates = usage.candidatesTokenCount;
  const thoughts = usage.thoughtsTokenCount;
  if (candidates !== undefined || thoughts !== undefined) {
    mapped.outputTokens = (candidates ?? 0) + (thoughts ?? 0);
  }
  if (thoughts !== undefined) mapped.reasoningTokens = thoughts;
  if (usage.cachedContentTokenCount !== undefined) {
    mapped.cacheReadInputTokens = usage.cachedContentTokenCount;
  }
  // Image tokens are part of `promptTokenCount`; Gemini also reports them apart.
  const image = usage.promptTokensDetails?.find((detail) => detail.modality === "IMAGE");
  if (image?.tokenCount !== undefined) mapped.imageInputTokens = image.tokenCount;
  return mapped;
}
