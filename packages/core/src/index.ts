export type { Context, ContextItem, JsonValue } from "./context/context.js";
export type { ContextDescription } from "./context/describe-context.js";
export { describeContext } from "./context/describe-context.js";
export type { BudgetLimit } from "./errors/budget-exceeded-error.js";
export { BudgetExceededError } from "./errors/budget-exceeded-error.js";
export { ConfigurationError } from "./errors/configuration-error.js";
export { InvalidAnswerError } from "./errors/invalid-answer-error.js";
export { InvalidToolArgumentsError } from "./errors/invalid-tool-arguments-error.js";
export type { ProviderErrorKind, ProviderErrorOptions } from "./errors/provider-error.js";
export {
  ProviderError,
  parseRetryAfterMs,
  providerErrorKindFromStatus,
  redactSecret,
} from "./errors/provider-error.js";
export { RLMError } from "./errors/rlm-error.js";
export { RunAbortedError } from "./errors/run-aborted-error.js";
export { SandboxError } from "./errors/sandbox-error.js";
export { SessionClosedError } from "./errors/session-closed-error.js";
export { StructuredOutputError } from "./errors/structured-output-error.js";
export { UnknownModelError } from "./errors/unknown-model-error.js";
export type {
  CellEndEvent,
  CellStartEvent,
  CompactionEndEvent,
  CompactionStartEvent,
  EventBase,
  EventSink,
  IterationStartEvent,
  ModelCallEndEvent,
  ModelCallStartEvent,
  NodeEndEvent,
  NodeStartEvent,
  RLMEvent,
  RLMEventType,
  RunEndEvent,
  RunLimits,
  RunStartEvent,
  SandboxWaitEndEvent,
  SandboxWaitStartEvent,
  SubcallEndEvent,
  SubcallStartEvent,
  Tier,
  ToolCallEndEvent,
  ToolCallStartEvent,
} from "./events/events.js";
export type { CompactionOptions } from "./loop/compaction-options.js";
export type { RLM } from "./loop/create-rlm.js";
export { createRLM } from "./loop/create-rlm.js";
export type {
  CallOverrides,
  CompleteOptions,
  HostTool,
  ModelOverrides,
  ProviderOptions,
  RLMLimits,
  RLMOptions,
} from "./loop/rlm-options.js";
export type { RLMResult } from "./loop/rlm-result.js";
export type { RLMSession, RLMSessionOptions, SessionCompleteOptions } from "./loop/rlm-session.js";
export type { RunSummary } from "./loop/run-summary.js";
export type { MemoizeOption } from "./memo/memoize-option.js";
export type { SubCallCache, SubCallCacheEntry } from "./memo/sub-call-cache.js";
export { inMemorySubCallCache } from "./memo/sub-call-cache.js";
export { parseImageDataUrl } from "./model/image-media-type.js";
export type {
  GenerateRequest,
  GenerateResult,
  JsonSchema,
  LanguageModel,
} from "./model/language-model.js";
export type { ContentPart, FinishReason, ImageMediaType, Message } from "./model/message.js";
export { messageText } from "./model/message.js";
export type { FallbackOptions } from "./model/with-fallbacks.js";
export { withFallbacks } from "./model/with-fallbacks.js";
export type { SystemPromptInfo } from "./prompt/system-prompt.js";
export { buildSystemPrompt, SYSTEM_PROMPT_VERSION } from "./prompt/system-prompt.js";
export { transformJavaScriptCell } from "./repl/transform-javascript-cell.js";
export type { RetryPolicy } from "./retry/with-retries.js";
export { DEFAULT_RETRY_POLICY, retryDelayMs, withRetries } from "./retry/with-retries.js";
export { MAX_FINAL_JSON_CHARS, overFinalCap } from "./sandbox/final-cap.js";
export type {
  BudgetLine,
  BudgetSnapshot,
  CellResult,
  ExecuteOptions,
  HostBridge,
  Sandbox,
  SandboxLanguage,
  SandboxSession,
  SandboxSessionOptions,
  SubCallPrompt,
} from "./sandbox/sandbox.js";
export { SubCallGate } from "./sandbox/sub-call-gate.js";
export type { ToolDescription } from "./tools/resolve-tools.js";
export type { ToolArgs, ToolCallOptions, ToolFunction, TypedTool } from "./tools/tool.js";
export { tool } from "./tools/tool.js";
export { toolIdentifier } from "./tools/tool-name.js";
export { readTrajectory, trajectoryFileSink } from "./trajectory/trajectory-file.js";
export type { ModelPricing } from "./usage/compute-cost.js";
export { computeCostUsd } from "./usage/compute-cost.js";
export type { Usage } from "./usage/usage.js";
export { addUsage, totalTokens } from "./usage/usage.js";
export type { UsageReport, UsageTotals } from "./usage/usage-report.js";
