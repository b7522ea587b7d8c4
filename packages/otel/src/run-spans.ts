import {
  type Attributes,
  type Context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type {
  CellEndEvent,
  CellStartEvent,
  CompactionEndEvent,
  CompactionStartEvent,
  ModelCallEndEvent,
  ModelCallStartEvent,
  NodeEndEvent,
  NodeStartEvent,
  RLMEvent,
  RunEndEvent,
  RunStartEvent,
  SandboxWaitEndEvent,
  SandboxWaitStartEvent,
  SubcallEndEvent,
  SubcallStartEvent,
  ToolCallEndEvent,
  ToolCallStartEvent,
} from "@rlm/core";
import { type ContentCapture, captureMessages, captureText } from "./capture-content.js";
import { errorTypeOfText } from "./error-type.js";
import type { RLMMetrics } from "./rlm-metrics.js";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_RLM_ATTEMPT,
  ATTR_RLM_CELL_STATE_RESET,
  ATTR_RLM_CELL_TRUNCATED,
  ATTR_RLM_COMPACTION_CONTEXT_WINDOW,
  ATTR_RLM_COMPACTION_MESSAGES,
  ATTR_RLM_COMPACTION_SUMMARY,
  ATTR_RLM_COMPACTION_THRESHOLD,
  ATTR_RLM_COMPACTION_TOKENS_AFTER,
  ATTR_RLM_COMPACTION_TOKENS_BEFORE,
  ATTR_RLM_COST_USD,
  ATTR_RLM_DEPTH,
  ATTR_RLM_DEPTH_REACHED,
  ATTR_RLM_ITERATION,
  ATTR_RLM_ITERATIONS,
  ATTR_RLM_LIMIT_EXCEEDED,
  ATTR_RLM_LIMIT_PREFIX,
  ATTR_RLM_LIVE_SESSIONS,
  ATTR_RLM_NODE_ID,
  ATTR_RLM_PARENT_NODE_ID,
  ATTR_RLM_RUN_NAME,
  ATTR_RLM_SUBCALL_ID,
  ATTR_RLM_SUBCALL_KIND,
  ATTR_RLM_SUBCALLS,
  ATTR_RLM_SUBTREE_COST_USD,
  ATTR_RLM_SUBTREE_SUBCALLS,
  ATTR_RLM_TIER,
  EVENT_RLM_SUBCALL_FAILED,
  GEN_AI_OPERATION_CHAT,
  GEN_AI_OPERATION_EXECUTE_TOOL,
  GEN_AI_OPERATION_INVOKE_AGENT,
  RLM_AGENT_NAME,
  RLM_COMPACTION_SPAN_NAME,
  RLM_SANDBOX_WAIT_SPAN_NAME,
  RLM_TOOL_NAME,
} from "./semconv.js";
import { limitAttributes, modelCallEndAttributes } from "./span-attributes.js";

const AGENT_SPAN_NAME = `${GEN_AI_OPERATION_INVOKE_AGENT} ${RLM_AGENT_NAME}`;

export interface RunSpansOptions {
  tracer: Tracer;
  metrics: RLMMetrics;
  /** Set when content is captured. */
  capture: ContentCapture | undefined;
  /** The context the run was started in: the root span's parent. */
  parentContext: Context;
}

interface NodeSpan {
  span: Span;
  context: Context;
  parentNodeId: string | undefined;
  iteration: number;
  subcalls: number;
  subtreeSubcalls: number;
}

interface CellSpan {
  span: Span;
  context: Context;
  nodeId: string;
  subcalls: number;
}

interface CallSpan {
  span: Span;
  nodeId: string;
}

/**
 * The spans of one run, built from its events as they arrive. Open spans are kept by id so
 * that parallel sub-calls find their parent (the cell that made them) by the ids on their
 * events, never by which span happens to be active.
 */
export class RunSpans {
  private readonly nodes = new Map<string, NodeSpan>();
  private readonly cells = new Map<string, CellSpan>();
  private readonly calls = new Map<string, CallSpan>();
  /** Host tool calls (`createRLM({ tools })`) in flight, by call id. */
  private readonly tools = new Map<string, CallSpan>();
  /** History compactions in progress, by compaction id. */
  private readonly compactions = new Map<string, CallSpan>();
  /** Nodes waiting for a sandbox slot, by node id. */
  private readonly waits = new Map<string, CallSpan>();
  /** A child RLM's node id → the cell whose `rlm_query` started it. */
  private readonly childCells = new Map<string, string>();
  private rootNodeId: string | undefined;
  /**
   * False when the root span is not recorded (no SDK registered, or the trace was sampled
   * out). Its descendants would not be recorded either under the usual parent-based
   * sampling, so the run skips building them at all.
   */
  private recording = true;

  constructor(private readonly options: RunSpansOptions) {}

  /** Handles one event; returns true once the run has ended and every span is closed. */
  handle(event: RLMEvent): boolean {
    if (!this.recording && event.type !== "run-start") {
      // Nothing of this run is recorded: only the metrics and the end remain to do.
      if (event.type === "model-call-end") this.options.metrics.recordModelCall(event);
      return event.type === "run-end";
    }
    switch (event.type) {
      case "run-start":
        this.runStart(event);
        return false;
      case "node-start":
        this.nodeStart(event);
        return false;
      case "iteration-start": {
        const node = this.nodes.get(event.nodeId);
        if (node) node.iteration = event.iteration;
        return false;
      }
      case "model-call-start":
        this.modelCallStart(event);
        return false;
      case "model-call-end":
        this.modelCallEnd(event);
        return false;
      case "cell-start":
        this.cellStart(event);
        return false;
      case "cell-end":
        this.cellEnd(event);
        return false;
      case "subcall-start":
        this.subcallStart(event);
        return false;
      case "subcall-end":
        this.subcallEnd(event);
        return false;
      case "tool-call-start":
        this.toolCallStart(event);
        return false;
      case "tool-call-end":
        this.toolCallEnd(event);
        return false;
      case "sandbox-wait-start":
        this.sandboxWaitStart(event);
        return false;
      case "sandbox-wait-end":
        this.sandboxWaitEnd(event);
        return false;
      case "compaction-start":
        this.compactionStart(event);
        return false;
      case "compaction-end":
        this.compactionEnd(event);
        return false;
      case "node-end":
        this.nodeEnd(event);
        return false;
      case "run-end":
        this.runEnd(event);
        return true;
    }
  }

  private startNodeSpan(event: RLMEvent, parentContext: Context): NodeSpan {
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_INVOKE_AGENT,
      [ATTR_GEN_AI_CONVERSATION_ID]: event.runId,
      [ATTR_RLM_NODE_ID]: event.nodeId,
      [ATTR_RLM_DEPTH]: event.depth,
      [ATTR_GEN_AI_AGENT_NAME]: RLM_AGENT_NAME,
    };
    if (event.parentNodeId) attributes[ATTR_RLM_PARENT_NODE_ID] = event.parentNodeId;
    const span = this.options.tracer.startSpan(
      AGENT_SPAN_NAME,
      { kind: SpanKind.INTERNAL, startTime: event.time, attributes },
      parentContext,
    );
    const node: NodeSpan = {
      span,
      context: trace.setSpan(parentContext, span),
      parentNodeId: event.parentNodeId,
      iteration: 0,
      subcalls: 0,
      subtreeSubcalls: 0,
    };
    this.nodes.set(event.nodeId, node);
    return node;
  }

  private runStart(event: RunStartEvent): void {
    this.rootNodeId = event.nodeId;
    const { span } = this.startNodeSpan(event, this.options.parentContext);
    this.recording = span.isRecording();
    if (!this.recording) return;
    span.setAttributes(limitAttributes(event.limits));
    if (event.name !== undefined) span.setAttribute(ATTR_RLM_RUN_NAME, event.name);
    const { capture } = this.options;
    if (capture) {
      span.setAttribute(
        ATTR_GEN_AI_INPUT_MESSAGES,
        captureMessages(capture, ATTR_GEN_AI_INPUT_MESSAGES, [
          { role: "user", content: event.query },
        ]),
      );
    }
  }

  private nodeStart(event: NodeStartEvent): void {
    // The root's span opened at run-start; a child's opens under the cell that called it.
    let node = this.nodes.get(event.nodeId);
    if (!node) {
      const cellId = this.childCells.get(event.nodeId);
      const parent =
        (cellId !== undefined ? this.cells.get(cellId)?.context : undefined) ??
        (event.parentNodeId !== undefined
          ? this.nodes.get(event.parentNodeId)?.context
          : undefined) ??
        this.options.parentContext;
      node = this.startNodeSpan(event, parent);
      const { capture } = this.options;
      if (capture) {
        node.span.setAttribute(
          ATTR_GEN_AI_INPUT_MESSAGES,
          captureMessages(capture, ATTR_GEN_AI_INPUT_MESSAGES, [
            { role: "user", content: event.query },
          ]),
        );
      }
    }
    node.span.setAttributes({
      [ATTR_GEN_AI_PROVIDER_NAME]: event.provider,
      [ATTR_GEN_AI_REQUEST_MODEL]: event.model,
      [ATTR_RLM_TIER]: event.tier,
    });
  }

  private modelCallStart(event: ModelCallStartEvent): void {
    const node = this.nodes.get(event.nodeId);
    const cell = event.cellId !== undefined ? this.cells.get(event.cellId) : undefined;
    const parent = cell?.context ?? node?.context ?? this.options.parentContext;
    // One literal rather than spreads: this runs once per sub-call, thousands of times a run.
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_CHAT,
      [ATTR_GEN_AI_PROVIDER_NAME]: event.provider,
      [ATTR_GEN_AI_REQUEST_MODEL]: event.modelId,
      [ATTR_GEN_AI_CONVERSATION_ID]: event.runId,
      [ATTR_RLM_NODE_ID]: event.nodeId,
      [ATTR_RLM_DEPTH]: event.depth,
      [ATTR_RLM_TIER]: event.tier,
      [ATTR_RLM_ATTEMPT]: event.attempt,
      [ATTR_RLM_ITERATION]: node?.iteration ?? 0,
    };
    const { capture } = this.options;
    if (capture) {
      attributes[ATTR_GEN_AI_INPUT_MESSAGES] = captureMessages(
        capture,
        ATTR_GEN_AI_INPUT_MESSAGES,
        event.messages,
      );
    }
    const span = this.options.tracer.startSpan(
      `${GEN_AI_OPERATION_CHAT} ${event.modelId}`,
      { kind: SpanKind.CLIENT, startTime: event.time, attributes },
      parent,
    );
    this.calls.set(event.callId, { span, nodeId: event.nodeId });
  }

  private modelCallEnd(event: ModelCallEndEvent): void {
    this.options.metrics.recordModelCall(event);
    const call = this.calls.get(event.callId);
    if (!call) return;
    this.calls.delete(event.callId);
    const { span } = call;
    span.setAttributes(modelCallEndAttributes(event));
    const { capture } = this.options;
    if (event.error) {
      span.setAttribute(ATTR_ERROR_TYPE, event.error.name);
      span.setStatus({ code: SpanStatusCode.ERROR, message: event.error.message });
    } else if (capture && event.text !== undefined) {
      span.setAttribute(
        ATTR_GEN_AI_OUTPUT_MESSAGES,
        captureMessages(capture, ATTR_GEN_AI_OUTPUT_MESSAGES, [
          {
            role: "assistant",
            content: event.text,
            ...(event.finishReason ? { finishReason: event.finishReason } : {}),
          },
        ]),
      );
    }
    span.end(event.time);
  }

  /**
   * An `execute_tool {toolName}` span: a cell is the `repl` tool, with its code as the
   * arguments; a host tool call is its own tool, with its JSON arguments.
   */
  private startToolSpan(
    event: RLMEvent,
    tool: { name: string; callId: string; args: string; iteration?: number },
    parent: Context,
  ): Span {
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_EXECUTE_TOOL,
      [ATTR_GEN_AI_CONVERSATION_ID]: event.runId,
      [ATTR_RLM_NODE_ID]: event.nodeId,
      [ATTR_RLM_DEPTH]: event.depth,
      [ATTR_GEN_AI_TOOL_NAME]: tool.name,
      [ATTR_GEN_AI_TOOL_TYPE]: "function",
      [ATTR_GEN_AI_TOOL_CALL_ID]: tool.callId,
    };
    if (tool.iteration !== undefined) attributes[ATTR_RLM_ITERATION] = tool.iteration;
    const { capture } = this.options;
    if (capture) {
      attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = captureText(
        capture,
        ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
        tool.args,
      );
    }
    return this.options.tracer.startSpan(
      `${GEN_AI_OPERATION_EXECUTE_TOOL} ${tool.name}`,
      { kind: SpanKind.INTERNAL, startTime: event.time, attributes },
      parent,
    );
  }

  private cellStart(event: CellStartEvent): void {
    const node = this.nodes.get(event.nodeId);
    const parent = node?.context ?? this.options.parentContext;
    const span = this.startToolSpan(
      event,
      { name: RLM_TOOL_NAME, callId: event.cellId, args: event.code, iteration: event.iteration },
      parent,
    );
    this.cells.set(event.cellId, {
      span,
      context: trace.setSpan(parent, span),
      nodeId: event.nodeId,
      subcalls: 0,
    });
  }

  private cellEnd(event: CellEndEvent): void {
    const cell = this.cells.get(event.cellId);
    if (!cell) return;
    this.cells.delete(event.cellId);
    const { span } = cell;
    span.setAttributes({
      [ATTR_RLM_SUBCALLS]: cell.subcalls,
      [ATTR_RLM_CELL_TRUNCATED]: event.truncated,
      [ATTR_RLM_CELL_STATE_RESET]: event.stateReset,
    });
    const { capture } = this.options;
    if (capture) {
      span.setAttribute(
        ATTR_GEN_AI_TOOL_CALL_RESULT,
        captureText(capture, ATTR_GEN_AI_TOOL_CALL_RESULT, event.output),
      );
    }
    if (event.error !== undefined) {
      const errorType = errorTypeOfText(event.error);
      span.setAttribute(ATTR_ERROR_TYPE, errorType);
      // A cell's error text is content (`throw new Error("row: " + context)`): its first
      // line goes out only when content is captured, redacted and capped like the rest.
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: capture
          ? captureText(capture, "status.message", firstLine(event.error))
          : errorType,
      });
    }
    span.end(event.time);
  }

  private subcallStart(event: SubcallStartEvent): void {
    const cell = this.cells.get(event.cellId);
    if (cell) cell.subcalls++;
    let node = this.nodes.get(event.nodeId);
    if (node) node.subcalls++;
    while (node) {
      node.subtreeSubcalls++;
      node = node.parentNodeId !== undefined ? this.nodes.get(node.parentNodeId) : undefined;
    }
    if (event.childNodeId !== undefined) this.childCells.set(event.childNodeId, event.cellId);
  }

  private subcallEnd(event: SubcallEndEvent): void {
    if (event.childNodeId !== undefined) this.childCells.delete(event.childNodeId);
    if (!event.error) return;
    // A failed model call or child RLM already has its own error span; this event also
    // covers sub-calls refused before any request was made (a limit, an unknown model).
    const span = this.cells.get(event.cellId)?.span;
    span?.addEvent(
      EVENT_RLM_SUBCALL_FAILED,
      {
        [ATTR_RLM_SUBCALL_ID]: event.callId,
        [ATTR_RLM_SUBCALL_KIND]: event.kind,
        [ATTR_ERROR_TYPE]: event.error.name,
        ...(event.childNodeId !== undefined ? { [ATTR_RLM_NODE_ID]: event.childNodeId } : {}),
      },
      event.time,
    );
  }

  private nodeEnd(event: NodeEndEvent): void {
    const node = this.nodes.get(event.nodeId);
    if (!node) return;
    const { span } = node;
    const attributes: Attributes = {
      [ATTR_RLM_ITERATIONS]: event.iterations,
      [ATTR_RLM_SUBCALLS]: node.subcalls,
      [ATTR_RLM_SUBTREE_SUBCALLS]: node.subtreeSubcalls,
    };
    if (event.ownCostUsd !== undefined) attributes[ATTR_RLM_COST_USD] = event.ownCostUsd;
    if (event.subtreeCostUsd !== undefined)
      attributes[ATTR_RLM_SUBTREE_COST_USD] = event.subtreeCostUsd;
    span.setAttributes(attributes);
    const { capture } = this.options;
    if (capture && event.answer !== undefined) {
      span.setAttribute(
        ATTR_GEN_AI_OUTPUT_MESSAGES,
        captureMessages(capture, ATTR_GEN_AI_OUTPUT_MESSAGES, [
          { role: "assistant", content: event.answer },
        ]),
      );
    }
    if (event.error) setError(span, event.error);
    // Core does not report the end of a cell interrupted by a stopping run; such spans end
    // with their node so that nothing stays open.
    this.closeOpen(event.nodeId, event.time, event.error?.name);
    if (event.nodeId !== this.rootNodeId) {
      this.nodes.delete(event.nodeId);
      span.end(event.time);
    }
  }

  private runEnd(event: RunEndEvent): void {
    this.closeOpen(undefined, event.time, event.error?.name);
    for (const [nodeId, node] of this.nodes) {
      if (nodeId === this.rootNodeId) continue;
      setError(node.span, {
        name: event.error?.name ?? "RunEnded",
        message: "The run ended first.",
      });
      node.span.end(event.time);
    }
    const root = this.rootNodeId !== undefined ? this.nodes.get(this.rootNodeId) : undefined;
    this.nodes.clear();
    if (!root) return;
    if (event.result) root.span.setAttribute(ATTR_RLM_DEPTH_REACHED, event.result.depthReached);
    if (event.error) {
      setError(root.span, event.error);
      if (event.error.limit) root.span.setAttribute(ATTR_RLM_LIMIT_EXCEEDED, event.error.limit);
    }
    root.span.end(event.time);
  }

  /** A host tool called from a cell: `execute_tool {name}` under the cell's span. */
  private toolCallStart(event: ToolCallStartEvent): void {
    const parent = this.cells.get(event.cellId)?.context ?? this.nodes.get(event.nodeId)?.context;
    if (!parent) return;
    const span = this.startToolSpan(
      event,
      { name: event.name, callId: event.callId, args: event.args },
      parent,
    );
    this.tools.set(event.callId, { span, nodeId: event.nodeId });
  }

  private toolCallEnd(event: ToolCallEndEvent): void {
    const tool = this.tools.get(event.callId);
    if (!tool) return;
    this.tools.delete(event.callId);
    const { capture } = this.options;
    if (capture && event.result !== undefined) {
      tool.span.setAttribute(
        ATTR_GEN_AI_TOOL_CALL_RESULT,
        captureText(capture, ATTR_GEN_AI_TOOL_CALL_RESULT, event.result),
      );
    }
    if (event.error) setError(tool.span, event.error);
    tool.span.end(event.time);
  }

  /** A node waiting for a sandbox slot: `rlm.sandbox.wait` under the node's span. */
  private sandboxWaitStart(event: SandboxWaitStartEvent): void {
    this.startUnderNode(event, {
      name: RLM_SANDBOX_WAIT_SPAN_NAME,
      open: this.waits,
      key: event.nodeId,
      attributes: {
        [ATTR_RLM_LIVE_SESSIONS]: event.liveSessions,
        [`${ATTR_RLM_LIMIT_PREFIX}max_live_sessions`]: event.maxLiveSessions,
      },
    });
  }

  private sandboxWaitEnd(event: SandboxWaitEndEvent): void {
    this.endUnderNode(event, { open: this.waits, key: event.nodeId });
  }

  /** A history compaction: `rlm.compaction` under the node's span, beside its turns. */
  private compactionStart(event: CompactionStartEvent): void {
    this.startUnderNode(event, {
      name: RLM_COMPACTION_SPAN_NAME,
      open: this.compactions,
      key: event.compactionId,
      attributes: {
        [ATTR_RLM_ITERATION]: this.nodes.get(event.nodeId)?.iteration ?? 0,
        [ATTR_RLM_COMPACTION_TOKENS_BEFORE]: event.estimatedTokens,
        [ATTR_RLM_COMPACTION_CONTEXT_WINDOW]: event.contextWindowTokens,
        [ATTR_RLM_COMPACTION_THRESHOLD]: event.threshold,
      },
    });
  }

  private compactionEnd(event: CompactionEndEvent): void {
    const attributes: Attributes = {
      [ATTR_RLM_COMPACTION_MESSAGES]: event.compactedMessages,
      [ATTR_RLM_COMPACTION_TOKENS_AFTER]: event.estimatedTokens,
    };
    const { capture } = this.options;
    if (capture && event.summary !== undefined) {
      attributes[ATTR_RLM_COMPACTION_SUMMARY] = captureText(
        capture,
        ATTR_RLM_COMPACTION_SUMMARY,
        event.summary,
      );
    }
    this.endUnderNode(event, { open: this.compactions, key: event.compactionId, attributes });
  }

  /** Starts a span of the node's own (not of a cell) and keeps it open by `key`. */
  private startUnderNode(
    event: RLMEvent,
    options: { name: string; open: Map<string, CallSpan>; key: string; attributes: Attributes },
  ): void {
    const parent = this.nodes.get(event.nodeId)?.context;
    if (!parent) return;
    const span = this.options.tracer.startSpan(
      options.name,
      {
        kind: SpanKind.INTERNAL,
        startTime: event.time,
        attributes: {
          [ATTR_GEN_AI_CONVERSATION_ID]: event.runId,
          [ATTR_RLM_NODE_ID]: event.nodeId,
          [ATTR_RLM_DEPTH]: event.depth,
          ...options.attributes,
        },
      },
      parent,
    );
    options.open.set(options.key, { span, nodeId: event.nodeId });
  }

  /** Ends a span started by `startUnderNode`, with error status when the event has an error. */
  private endUnderNode(
    event: { time: number; error?: { name: string; message: string } },
    options: { open: Map<string, CallSpan>; key: string; attributes?: Attributes },
  ): void {
    const open = options.open.get(options.key);
    if (!open) return;
    options.open.delete(options.key);
    if (options.attributes) open.span.setAttributes(options.attributes);
    if (event.error) setError(open.span, event.error);
    open.span.end(event.time);
  }

  /** Ends the open cells and calls of one node (or of all nodes) as interrupted. */
  private closeOpen(nodeId: string | undefined, time: number, reason: string | undefined): void {
    const error = { name: reason ?? "Interrupted", message: "Interrupted before it finished." };
    for (const open of [this.calls, this.tools, this.waits, this.compactions]) {
      for (const [callId, call] of open) {
        if (nodeId !== undefined && call.nodeId !== nodeId) continue;
        open.delete(callId);
        setError(call.span, error);
        call.span.end(time);
      }
    }
    for (const [cellId, cell] of this.cells) {
      if (nodeId !== undefined && cell.nodeId !== nodeId) continue;
      this.cells.delete(cellId);
      cell.span.setAttribute(ATTR_RLM_SUBCALLS, cell.subcalls);
      setError(cell.span, error);
      cell.span.end(time);
    }
  }
}

function setError(span: Span, error: { name: string; message: string }): void {
  span.setAttribute(ATTR_ERROR_TYPE, error.name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}

function firstLine(text: string): string {
  const end = text.indexOf("\n");
  return end === -1 ? text : text.slice(0, end);
}
