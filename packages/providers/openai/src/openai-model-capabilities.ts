/**
 * OpenAI's reasoning models (o-series, gpt-5 family except the chat variants) reject
 * `temperature`; knowing them lets a model be swapped in without a 400 on the first call.
 */
export function isOpenAIReasoningModel(modelId: string): boolean {
  if (/^gpt-5(\.\d+)?-chat/.test(modelId)) return false;
  return /^(o1|o3|o4|gpt-5|codex-)/.test(modelId);
}
