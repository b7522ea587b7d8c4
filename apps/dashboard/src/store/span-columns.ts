import { semconv } from "@rlm/otel/spans";
import type { AttributeValue, SpanRecord } from "../otlp/span-record.ts";

/** The attributes the views filter and sum on, lifted out of a span for their own columns. */
export interface SpanColumns {
  runId: string | null;
  nodeId: string | null;
  operation: string | null;
  errorType: string | null;
  depth: number | null;
  iteration: number | null;
  attempt: number | null;
  tier: string | null;
  provider: string | null;
  model: string | null;
  responseModel: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  reasoningTokens: number | null;
  costUsd: number | null;
  subtreeCostUsd: number | null;
}

export function spanColumns(span: SpanRecord): SpanColumns {
  const a = span.attributes;
  return {
    runId: text(a[semconv.ATTR_GEN_AI_CONVERSATION_ID]),
    nodeId: text(a[semconv.ATTR_RLM_NODE_ID]),
    // Spans from older or other exporters may lack the attribute; the name starts with it.
    operation: text(a[semconv.ATTR_GEN_AI_OPERATION_NAME]) ?? operationFromName(span.name),
    errorType: text(a[semconv.ATTR_ERROR_TYPE]),
    depth: integer(a[semconv.ATTR_RLM_DEPTH]),
    iteration: integer(a[semconv.ATTR_RLM_ITERATION]),
    attempt: integer(a[semconv.ATTR_RLM_ATTEMPT]),
    tier: text(a[semconv.ATTR_RLM_TIER]),
    provider: text(a[semconv.ATTR_GEN_AI_PROVIDER_NAME]),
    model: text(a[semconv.ATTR_GEN_AI_REQUEST_MODEL]),
    responseModel: text(a[semconv.ATTR_GEN_AI_RESPONSE_MODEL]),
    inputTokens: integer(a[semconv.ATTR_GEN_AI_USAGE_INPUT_TOKENS]),
    outputTokens: integer(a[semconv.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]),
    cacheReadTokens: integer(a[semconv.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]),
    reasoningTokens: integer(a[semconv.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]),
    costUsd: number(a[semconv.ATTR_RLM_COST_USD]),
    subtreeCostUsd: number(a[semconv.ATTR_RLM_SUBTREE_COST_USD]),
  };
}

const KNOWN_OPERATIONS = new Set<string>([
  semconv.GEN_AI_OPERATION_INVOKE_AGENT,
  semconv.GEN_AI_OPERATION_CHAT,
  semconv.GEN_AI_OPERATION_EXECUTE_TOOL,
]);

function operationFromName(name: string): string | null {
  const first = name.split(" ", 1)[0] ?? "";
  return KNOWN_OPERATIONS.has(first) ? first : null;
}

function text(value: AttributeValue | undefined): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function number(value: AttributeValue | undefined): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return null;
}

function integer(value: AttributeValue | undefined): number | null {
  const result = number(value);
  return result === null ? null : Math.trunc(result);
}
