/**
 * Attribute, span and metric names from the OpenTelemetry GenAI semantic conventions,
 * copied here rather than imported: the incubating names move between releases of
 * `@opentelemetry/semantic-conventions`, and exported traces must not change with them.
 */
export const ATTR_GEN_AI_OPERATION_NAME = "gen_ai.operation.name";
export const ATTR_GEN_AI_PROVIDER_NAME = "gen_ai.provider.name";
export const ATTR_GEN_AI_REQUEST_MODEL = "gen_ai.request.model";
export const ATTR_GEN_AI_RESPONSE_MODEL = "gen_ai.response.model";
export const ATTR_GEN_AI_RESPONSE_ID = "gen_ai.response.id";
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens";
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS =
  "gen_ai.usage.cache_creation.input_tokens";
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = "gen_ai.usage.reasoning.output_tokens";
export const ATTR_GEN_AI_AGENT_NAME = "gen_ai.agent.name";
export const ATTR_GEN_AI_CONVERSATION_ID = "gen_ai.conversation.id";
export const ATTR_GEN_AI_TOOL_NAME = "gen_ai.tool.name";
export const ATTR_GEN_AI_TOOL_TYPE = "gen_ai.tool.type";
export const ATTR_GEN_AI_TOOL_CALL_ID = "gen_ai.tool.call.id";
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = "gen_ai.tool.call.arguments";
export const ATTR_GEN_AI_TOOL_CALL_RESULT = "gen_ai.tool.call.result";
export const ATTR_GEN_AI_INPUT_MESSAGES = "gen_ai.input.messages";
export const ATTR_GEN_AI_OUTPUT_MESSAGES = "gen_ai.output.messages";
export const ATTR_GEN_AI_TOKEN_TYPE = "gen_ai.token.type";
export const ATTR_ERROR_TYPE = "error.type";

export const GEN_AI_OPERATION_INVOKE_AGENT = "invoke_agent";
export const GEN_AI_OPERATION_CHAT = "chat";
export const GEN_AI_OPERATION_EXECUTE_TOOL = "execute_tool";
export const GEN_AI_TOKEN_TYPE_INPUT = "input";
export const GEN_AI_TOKEN_TYPE_OUTPUT = "output";
/** `error.type` when a failure has no better name. */
export const ERROR_TYPE_OTHER = "_OTHER";

export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = "gen_ai.client.token.usage";
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = "gen_ai.client.operation.duration";

/** Bucket boundaries the conventions advise for the two GenAI client histograms. */
export const TOKEN_USAGE_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
export const OPERATION_DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/** The product's own names, for what the conventions do not cover. */
export const RLM_AGENT_NAME = "rlm";
export const RLM_TOOL_NAME = "repl";
export const ATTR_RLM_NODE_ID = "rlm.node.id";
export const ATTR_RLM_PARENT_NODE_ID = "rlm.parent_node.id";
export const ATTR_RLM_DEPTH = "rlm.depth";
export const ATTR_RLM_ITERATION = "rlm.iteration";
export const ATTR_RLM_ITERATIONS = "rlm.iterations";
export const ATTR_RLM_TIER = "rlm.tier";
export const ATTR_RLM_ATTEMPT = "rlm.attempt";
/**
 * On an attempt of a `withFallbacks` model: the place in its chain of the model that made
 * it (0 for the first); `gen_ai.request.model` names that model.
 */
export const ATTR_RLM_FALLBACK_INDEX = "rlm.fallback.index";
export const ATTR_RLM_COST_USD = "rlm.cost.usd";
/** True on a failed attempt that may have been billed: its usage and cost are the reserved worst case. */
export const ATTR_RLM_USAGE_ESTIMATED = "rlm.usage.estimated";
/**
 * True on a sub-call answered from core's memo (`memoize`): no request was sent, its usage
 * and cost are zero.
 */
export const ATTR_RLM_CACHE_HIT = "rlm.cache.hit";
export const ATTR_RLM_SUBTREE_COST_USD = "rlm.subtree.cost.usd";
export const ATTR_RLM_SUBCALLS = "rlm.subcalls";
export const ATTR_RLM_SUBTREE_SUBCALLS = "rlm.subtree.subcalls";
export const ATTR_RLM_DEPTH_REACHED = "rlm.depth_reached";
export const ATTR_RLM_CELL_TRUNCATED = "rlm.cell.truncated";
export const ATTR_RLM_CELL_STATE_RESET = "rlm.cell.state_reset";
export const ATTR_RLM_LIMIT_EXCEEDED = "rlm.limit.exceeded";
/** The run's `name` from `complete()`: not content, so exported whether or not content is captured. */
export const ATTR_RLM_RUN_NAME = "rlm.run.name";
/** Prefix of the run's limits on the root span: `rlm.limit.max_depth`, `rlm.limit.max_cost_usd`, ... */
export const ATTR_RLM_LIMIT_PREFIX = "rlm.limit.";
export const EVENT_RLM_SUBCALL_FAILED = "rlm.subcall.failed";
export const ATTR_RLM_SUBCALL_KIND = "rlm.subcall.kind";
/** Sandbox sessions the run held when a node started waiting for one. */
export const ATTR_RLM_LIVE_SESSIONS = "rlm.sandbox.live_sessions";
/** The span of a node waiting for one of the run's `maxLiveSessions` sandbox slots. */
export const RLM_SANDBOX_WAIT_SPAN_NAME = "rlm.sandbox.wait";
export const ATTR_RLM_SUBCALL_ID = "rlm.subcall.id";
/** The span of a history compaction: older turns of a node's conversation replaced by a summary. */
export const RLM_COMPACTION_SPAN_NAME = "rlm.compaction";
/** The conversation's estimated prompt tokens before and after compaction. */
export const ATTR_RLM_COMPACTION_TOKENS_BEFORE = "rlm.compaction.tokens_before";
export const ATTR_RLM_COMPACTION_TOKENS_AFTER = "rlm.compaction.tokens_after";
export const ATTR_RLM_COMPACTION_MESSAGES = "rlm.compaction.messages";
export const ATTR_RLM_COMPACTION_CONTEXT_WINDOW = "rlm.compaction.context_window";
export const ATTR_RLM_COMPACTION_THRESHOLD = "rlm.compaction.threshold";
/** The summary the model now sees: content, exported only when content is captured. */
export const ATTR_RLM_COMPACTION_SUMMARY = "rlm.compaction.summary";
export const METRIC_RLM_COST = "rlm.cost.usd";
