/**
 * OpenAI's reasoning models (o-series, gpt-5 family except the chat variants) reject
 * `temperature`; knowing them lets a model be swapped in without a 400 on the first call.
 */
export function isOpenAIReasoningModel(modelId: string): boolean {
  if (/^gpt-5(\.\d+)?-chat/.test(modelId)) return false;
  return /^(o1|o3|o4|gpt-5|codex-)/.test(modelId);
}

/**
 * Models that predate Structured Outputs (`json_schema` response formats): GPT-3.5, GPT-4 and
 * GPT-4 Turbo, the first GPT-4o snapshot, `chatgpt-4o-latest`, o1-mini and o1-preview.
 * Newer models have it, so an id this list does not name is taken to.
 */
export function openAISupportsStructuredOutput(modelId: string): boolean {
  return !/^(gpt-3\.5|gpt-4($|-\d{4}|-32k|-turbo|-vision)|gpt-4o-2024-05-13|chatgpt-4o|o1-(mini|preview))/.test(
    modelId,
  );
}

/**
 * Models without image input: GPT-3.5, the original GPT-4 (not Turbo), o1-mini, o1-preview
 * and o3-mini. Newer models all take images, so an id this list does not name is taken to.
 */
export function openAISupportsImages(modelId: string): boolean {
  return !/^(gpt-3\.5|gpt-4($|-\d{4}|-32k)|o1-(mini|preview)|o3-mini)/.test(modelId);
}
