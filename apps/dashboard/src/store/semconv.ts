/**
 * The attribute and span names the dashboard reads, as `@rlm/otel` writes them (which follows
 * the OpenTelemetry GenAI semantic conventions). Copied, not imported: the dashboard must read
 * traces from any version of the exporter, and must not load the OpenTelemetry SDK to do it.
 */
export const ATTR = {
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  responseModel: "gen_ai.response.model",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  cacheReadTokens: "gen_ai.usage.cache_read.input_tokens",
  reasoningTokens: "gen_ai.usage.reasoning.output_tokens",
  finishReasons: "gen_ai.response.finish_reasons",
  conversationId: "gen_ai.conversation.id",
  agentName: "gen_ai.agent.name",
  toolName: "gen_ai.tool.name",
  toolCallId: "gen_ai.tool.call.id",
  toolCallArguments: "gen_ai.tool.call.arguments",
  toolCallResult: "gen_ai.tool.call.result",
  inputMessages: "gen_ai.input.messages",
  outputMessages: "gen_ai.output.messages",
  errorType: "error.type",
  nodeId: "rlm.node.id",
  parentNodeId: "rlm.parent_node.id",
  depth: "rlm.depth",
  iteration: "rlm.iteration",
  iterations: "rlm.iterations",
  tier: "rlm.tier",
  attempt: "rlm.attempt",
  costUsd: "rlm.cost.usd",
  subtreeCostUsd: "rlm.subtree.cost.usd",
  subcalls: "rlm.subcalls",
  subtreeSubcalls: "rlm.subtree.subcalls",
  depthReached: "rlm.depth_reached",
  cellTruncated: "rlm.cell.truncated",
  cellStateReset: "rlm.cell.state_reset",
  limitExceeded: "rlm.limit.exceeded",
  runName: "rlm.run.name",
  limitPrefix: "rlm.limit.",
  maxDepthLimit: "rlm.limit.max_depth",
  subcallKind: "rlm.subcall.kind",
  subcallId: "rlm.subcall.id",
  compactionTokensBefore: "rlm.compaction.tokens_before",
  compactionTokensAfter: "rlm.compaction.tokens_after",
  compactionMessages: "rlm.compaction.messages",
  compactionContextWindow: "rlm.compaction.context_window",
  compactionSummary: "rlm.compaction.summary",
} as const;

/** The span of a history compaction (older turns replaced by a summary). */
export const SPAN_COMPACTION = "rlm.compaction";

export const OPERATION = {
  invokeAgent: "invoke_agent",
  chat: "chat",
  executeTool: "execute_tool",
} as const;

export const EVENT_SUBCALL_FAILED = "rlm.subcall.failed";
