/**
 * Token counts of one model call or of a group of calls. A field is `undefined` when the
 * provider did not report it — never a made-up 0.
 */
export interface Usage {
  /** All prompt tokens, including cache reads and cache writes. */
  inputTokens?: number;
  /** All generated tokens, including reasoning tokens. */
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  reasoningTokens?: number;
  /**
   * Image tokens, for a provider that reports them separately. They are also part of
   * `inputTokens`, as providers report them.
   */
  imageInputTokens?: number;
}

const USAGE_FIELDS = [
  "inputTokens",
  "outputTokens",
  "cacheReadInputTokens",
  "cacheWriteInputTokens",
  "reasoningTokens",
  "imageInputTokens",
] as const satisfies readonly (keyof Usage)[];

/** Adds two usages field by field; a field stays `undefined` only if both sides lack it. */
export function addUsage(left: Usage, right: Usage): Usage {
  const sum: Usage = {};
  for (const field of USAGE_FIELDS) {
    const a = left[field];
    const b = right[field];
    if (a !== undefined || b !== undefined) sum[field] = (a ?? 0) + (b ?? 0);
  }
  return sum;
}

/** Input plus output tokens, the quantity `maxTokens` limits. */
export function totalTokens(usage: Usage): number {
  return (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
}
