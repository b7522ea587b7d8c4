import type { AttributeValue, SpanRecord } from "../otlp/span-record.ts";
import { ATTR } from "./semconv.ts";

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
    runId: text(a[ATTR.conversationId]),
    nodeId: text(a[ATTR.nodeId]),
    // Spans from older or other exporters may lack the attribute; the name starts with it.
    operation: text(a[ATTR.operationName]) ?? operationFromName(span.name),
    errorType: text(a[ATTR.errorType]),
    depth: integer(a[ATTR.depth]),
    iteration: integer(a[ATTR.iteration]),
    attempt: integer(a[ATTR.attempt]),
    tier: text(a[ATTR.tier]),
    provider: text(a[ATTR.providerName]),
    model: text(a[ATTR.requestModel]),
    responseModel: text(a[ATTR.responseModel]),
    inputTokens: integer(a[ATTR.inputTokens]),
    outputTokens: integer(a[ATTR.outputTokens]),
    cacheReadTokens: integer(a[ATTR.cacheReadTokens]),
    reasoningTokens: integer(a[ATTR.reasoningTokens]),
    costUsd: number(a[ATTR.costUsd]),
    subtreeCostUsd: number(a[ATTR.subtreeCostUsd]),
  };
}

const KNOWN_OPERATIONS = new Set(["invoke_agent", "chat", "execute_tool"]);

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
