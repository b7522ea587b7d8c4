import type { ModelCallEndEvent, RunLimits } from "@rlm/core";
import {
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_RLM_CACHE_HIT,
  ATTR_RLM_COST_USD,
  ATTR_RLM_LIMIT_PREFIX,
  ATTR_RLM_USAGE_ESTIMATED,
} from "./semconv.js";
import type { SpanAttributes } from "./span-record.js";

const LIMIT_ATTRIBUTES: Record<keyof RunLimits, string> = {
  maxDepth: `${ATTR_RLM_LIMIT_PREFIX}max_depth`,
  maxIterations: `${ATTR_RLM_LIMIT_PREFIX}max_iterations`,
  maxCostUsd: `${ATTR_RLM_LIMIT_PREFIX}max_cost_usd`,
  maxTokens: `${ATTR_RLM_LIMIT_PREFIX}max_tokens`,
  maxSubCalls: `${ATTR_RLM_LIMIT_PREFIX}max_subcalls`,
  maxConcurrency: `${ATTR_RLM_LIMIT_PREFIX}max_concurrency`,
  maxLiveSessions: `${ATTR_RLM_LIMIT_PREFIX}max_live_sessions`,
  timeoutMs: `${ATTR_RLM_LIMIT_PREFIX}timeout_ms`,
};

/** The run's limits as `rlm.limit.*` attributes; unset limits are left out. */
export function limitAttributes(limits: RunLimits): SpanAttributes {
  const attributes: SpanAttributes = {};
  for (const [key, name] of Object.entries(LIMIT_ATTRIBUTES)) {
    const value = limits[key as keyof RunLimits];
    if (value !== undefined) attributes[name] = value;
  }
  return attributes;
}

/**
 * What a finished model call attempt adds to its `chat` span. Token counts appear here
 * only, never summed onto parent spans, so a backend that sums spans counts each once;
 * a count the provider did not report stays absent rather than a made-up 0.
 */
export function modelCallEndAttributes(event: ModelCallEndEvent): SpanAttributes {
  const attributes: SpanAttributes = {};
  const { usage } = event;
  if (usage.inputTokens !== undefined)
    attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = usage.inputTokens;
  if (usage.outputTokens !== undefined)
    attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = usage.outputTokens;
  if (usage.cacheReadInputTokens !== undefined)
    attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = usage.cacheReadInputTokens;
  if (usage.cacheWriteInputTokens !== undefined)
    attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] = usage.cacheWriteInputTokens;
  if (usage.reasoningTokens !== undefined)
    attributes[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] = usage.reasoningTokens;
  if (event.costUsd !== undefined) attributes[ATTR_RLM_COST_USD] = event.costUsd;
  if (event.usageEstimated) attributes[ATTR_RLM_USAGE_ESTIMATED] = true;
  if (event.cached) attributes[ATTR_RLM_CACHE_HIT] = true;
  if (event.finishReason) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = [event.finishReason];
  if (event.responseId) attributes[ATTR_GEN_AI_RESPONSE_ID] = event.responseId;
  if (event.responseModel) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = event.responseModel;
  return attributes;
}
