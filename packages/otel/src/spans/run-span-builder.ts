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
  SubcallEndEvent,
  SubcallStartEvent,
  ToolCallEndEvent,
  ToolCallStartEvent,
} from "@rlm/core";
import { type ContentCapture, captureMessages, captureText } from "./capture-content.js";
import { errorTypeOfText } from "./error-type.js";
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
  ATTR_RLM_FALLBACK_INDEX,
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
import type { SpanAttributes, SpanRecord } from "./span-record.js";

const AGENT_SPAN_NAME = `${GEN_AI_OPERATION_INVOKE_AGENT} ${RLM_AGENT_NAME}`;

export interface RunSpanBuilderOptions {
  /** Set when content (prompts, replies, code, output) goes into the spans. */
  capture: ContentCapture | undefined;
  /** A span has opened: its record holds what was known at its start. */
  onStart?: (span: SpanRecord) => void;
  /** A span has ended; its record is complete and no longer changes. */
  onEnd: (span: SpanRecord) => void;
}

interface NodeSpan {
  record: SpanRecord;
  parentNodeId: string | undefined;
  iteration: number;
  subcalls: number;
  subtreeSubcalls: number;
}

interface CellSpan {
  record: SpanRecord;
  nodeId: string;
  subcalls: number;
}

interface CallSpan {
  record: SpanRecord;
  nodeId: string;
}

/**
 * Builds the spans of one run from its events as they arrive, without any OpenTelemetry
 * package: `@rlm/otel` turns the records into SDK spans, the dashboard stores them for an
 * imported trajectory, so both show a run the same way. Open spans are kept by id so that
 * parallel sub-calls find their parent (the cell that made them) by the ids on their events,
 * never by which span happens to be active. Spans still open when the events stop (a run cut
 * short) never end.
 */
export class RunSpanBuilder {
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

  constructor(private readonly options: RunSpanBuilderOptions) {}

  /** Handles one event; returns true once the run has ended and every span is closed. */
  handle(event: RLMEvent): boolean {
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
        this.startUnderNode(event, {
          id: `wait:${event.nodeId}`,
          name: RLM_SANDBOX_WAIT_SPAN_NAME,
          open: this.waits,
          key: event.nodeId,
          attributes: {
            [ATTR_RLM_LIVE_SESSIONS]: event.liveSessions,
            [`${ATTR_RLM_LIMIT_PREFIX}max_live_sessions`]: event.maxLiveSessions,
          },
        });
        return false;
      case "sandbox-wait-end":
        this.endUnderNode(event, { open: this.waits, key: event.nodeId });
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

  /** Opens a span with the attributes every span of a node carries. */
  private open(
    event: RLMEvent,
    span: {
      id: string;
      parentId: string | undefined;
      name: string;
      kind?: SpanRecord["kind"];
      attributes: SpanAttributes;
    },
  ): SpanRecord {
    const record: SpanRecord = {
      id: span.id,
      parentId: span.parentId,
      name: span.name,
      kind: span.kind ?? "internal",
      startTime: event.time,
      endTime: undefined,
      attributes: span.attributes,
      events: [],
      status: { code: "unset" },
    };
    record.attributes[ATTR_GEN_AI_CONVERSATION_ID] = event.runId;
    record.attributes[ATTR_RLM_NODE_ID] = event.nodeId;
    record.attributes[ATTR_RLM_DEPTH] = event.depth;
    this.options.onStart?.(record);
    return record;
  }

  private close(record: SpanRecord, time: number): void {
    record.endTime = time;
    this.options.onEnd(record);
  }

  private startNodeSpan(event: RLMEvent, parentId: string | undefined): NodeSpan {
    const attributes: SpanAttributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_INVOKE_AGENT,
      [ATTR_GEN_AI_AGENT_NAME]: RLM_AGENT_NAME,
    };
    if (event.parentNodeId) attributes[ATTR_RLM_PARENT_NODE_ID] = event.parentNodeId;
    if (event.type === "run-start") {
      Object.assign(attributes, limitAttributes(event.limits));
      if (event.name !== undefined) attributes[ATTR_RLM_RUN_NAME] = event.name;
    }
    const { capture } = this.options;
    if (capture && (event.type === "run-start" || event.type === "node-start")) {
      attributes[ATTR_GEN_AI_INPUT_MESSAGES] = captureMessages(
        capture,
        ATTR_GEN_AI_INPUT_MESSAGES,
        [{ role: "user", content: event.query }],
      );
    }
    const record = this.open(event, {
      id: `node:${event.nodeId}`,
      parentId,
      name: AGENT_SPAN_NAME,
      attributes,
    });
    const node: NodeSpan = {
      record,
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
    this.startNodeSpan(event, undefined);
  }

  private nodeStart(event: NodeStartEvent): void {
    // The root's span opened at run-start; a child's opens under the cell that called it.
    let node = this.nodes.get(event.nodeId);
    if (!node) {
      const cellId = this.childCells.get(event.nodeId);
      const parent =
        (cellId !== undefined ? this.cells.get(cellId)?.record : undefined) ??
        (event.parentNodeId !== undefined ? this.nodes.get(event.parentNodeId)?.record : undefined);
      node = this.startNodeSpan(event, parent?.id);
    }
    Object.assign(node.record.attributes, {
      [ATTR_GEN_AI_PROVIDER_NAME]: event.provider,
      [ATTR_GEN_AI_REQUEST_MODEL]: event.model,
      [ATTR_RLM_TIER]: event.tier,
    });
  }

  private modelCallStart(event: ModelCallStartEvent): void {
    const node = this.nodes.get(event.nodeId);
    const cell = event.cellId !== undefined ? this.cells.get(event.cellId) : undefined;
    // One literal rather than spreads: this runs once per sub-call, thousands of times a run.
    const attributes: SpanAttributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_CHAT,
      [ATTR_GEN_AI_PROVIDER_NAME]: event.provider,
      [ATTR_GEN_AI_REQUEST_MODEL]: event.modelId,
      [ATTR_RLM_TIER]: event.tier,
      [ATTR_RLM_ATTEMPT]: event.attempt,
      [ATTR_RLM_ITERATION]: node?.iteration ?? 0,
    };
    if (event.fallbackIndex !== undefined)
      attributes[ATTR_RLM_FALLBACK_INDEX] = event.fallbackIndex;
    const { capture } = this.options;
    if (capture) {
      attributes[ATTR_GEN_AI_INPUT_MESSAGES] = captureMessages(
        capture,
        ATTR_GEN_AI_INPUT_MESSAGES,
        event.messages,
      );
    }
    const record = this.open(event, {
      id: `call:${event.callId}:${event.attempt}`,
      parentId: (cell ?? node)?.record.id,
      name: `${GEN_AI_OPERATION_CHAT} ${event.modelId}`,
      kind: "client",
      attributes,
    });
    this.calls.set(event.callId, { record, nodeId: event.nodeId });
  }

  private modelCallEnd(event: ModelCallEndEvent): void {
    const call = this.calls.get(event.callId);
    if (!call) return;
    this.calls.delete(event.callId);
    const { record } = call;
    Object.assign(record.attributes, modelCallEndAttributes(event));
    const { capture } = this.options;
    if (event.error) {
      setError(record, event.error);
    } else if (capture && event.text !== undefined) {
      record.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] = captureMessages(
        capture,
        ATTR_GEN_AI_OUTPUT_MESSAGES,
        [
          {
            role: "assistant",
            content: event.text,
            ...(event.finishReason ? { finishReason: event.finishReason } : {}),
          },
        ],
      );
    }
    this.close(record, event.time);
  }

  /**
   * An `execute_tool {toolName}` span: a cell is the `repl` tool, with its code as the
   * arguments; a host tool call is its own tool, with its JSON arguments.
   */
  private startToolSpan(
    event: RLMEvent,
    tool: { id: string; name: string; callId: string; args: string; iteration?: number },
    parentId: string | undefined,
  ): SpanRecord {
    const attributes: SpanAttributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_EXECUTE_TOOL,
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
    return this.open(event, {
      id: tool.id,
      parentId,
      name: `${GEN_AI_OPERATION_EXECUTE_TOOL} ${tool.name}`,
      attributes,
    });
  }

  private cellStart(event: CellStartEvent): void {
    const record = this.startToolSpan(
      event,
      {
        id: `cell:${event.cellId}`,
        name: RLM_TOOL_NAME,
        callId: event.cellId,
        args: event.code,
        iteration: event.iteration,
      },
      this.nodes.get(event.nodeId)?.record.id,
    );
    this.cells.set(event.cellId, { record, nodeId: event.nodeId, subcalls: 0 });
  }

  private cellEnd(event: CellEndEvent): void {
    const cell = this.cells.get(event.cellId);
    if (!cell) return;
    this.cells.delete(event.cellId);
    const { record } = cell;
    Object.assign(record.attributes, {
      [ATTR_RLM_SUBCALLS]: cell.subcalls,
      [ATTR_RLM_CELL_TRUNCATED]: event.truncated,
      [ATTR_RLM_CELL_STATE_RESET]: event.stateReset,
    });
    const { capture } = this.options;
    if (capture) {
      record.attributes[ATTR_GEN_AI_TOOL_CALL_RESULT] = captureText(
        capture,
        ATTR_GEN_AI_TOOL_CALL_RESULT,
        event.output,
      );
    }
    if (event.error !== undefined) {
      const errorType = errorTypeOfText(event.error);
      // A cell's error text is content (`throw new Error("row: " + context)`): its first
      // line goes out only when content is captured, redacted and capped like the rest.
      setError(record, {
        name: errorType,
        message: capture
          ? captureText(capture, "status.message", firstLine(event.error))
          : errorType,
      });
    }
    this.close(record, event.time);
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
    this.cells.get(event.cellId)?.record.events.push({
      name: EVENT_RLM_SUBCALL_FAILED,
      time: event.time,
      attributes: {
        [ATTR_RLM_SUBCALL_ID]: event.callId,
        [ATTR_RLM_SUBCALL_KIND]: event.kind,
        [ATTR_ERROR_TYPE]: event.error.name,
        ...(event.childNodeId !== undefined ? { [ATTR_RLM_NODE_ID]: event.childNodeId } : {}),
      },
    });
  }

  private nodeEnd(event: NodeEndEvent): void {
    const node = this.nodes.get(event.nodeId);
    if (!node) return;
    const { record } = node;
    const { attributes } = record;
    attributes[ATTR_RLM_ITERATIONS] = event.iterations;
    attributes[ATTR_RLM_SUBCALLS] = node.subcalls;
    attributes[ATTR_RLM_SUBTREE_SUBCALLS] = node.subtreeSubcalls;
    if (event.ownCostUsd !== undefined) attributes[ATTR_RLM_COST_USD] = event.ownCostUsd;
    if (event.subtreeCostUsd !== undefined)
      attributes[ATTR_RLM_SUBTREE_COST_USD] = event.subtreeCostUsd;
    const { capture } = this.options;
    if (capture && event.answer !== undefined) {
      attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] = captureMessages(
        capture,
        ATTR_GEN_AI_OUTPUT_MESSAGES,
        [{ role: "assistant", content: event.answer }],
      );
    }
    if (event.error) setError(record, event.error);
    // Core does not report the end of a cell interrupted by a stopping run; such spans end
    // with their node so that nothing stays open.
    this.closeOpen(event.nodeId, event.time, event.error?.name);
    if (event.nodeId !== this.rootNodeId) {
      this.nodes.delete(event.nodeId);
      this.close(record, event.time);
    }
  }

  private runEnd(event: RunEndEvent): void {
    this.closeOpen(undefined, event.time, event.error?.name);
    for (const [nodeId, node] of this.nodes) {
      if (nodeId === this.rootNodeId) continue;
      setError(node.record, {
        name: event.error?.name ?? "RunEnded",
        message: "The run ended first.",
      });
      this.close(node.record, event.time);
    }
    const root = this.rootNodeId !== undefined ? this.nodes.get(this.rootNodeId) : undefined;
    this.nodes.clear();
    if (!root) return;
    const { record } = root;
    if (event.result) record.attributes[ATTR_RLM_DEPTH_REACHED] = event.result.depthReached;
    if (event.error) {
      setError(record, event.error);
      if (event.error.limit) record.attributes[ATTR_RLM_LIMIT_EXCEEDED] = event.error.limit;
    }
    this.close(record, event.time);
  }

  /** A host tool called from a cell: `execute_tool {name}` under the cell's span. */
  private toolCallStart(event: ToolCallStartEvent): void {
    const parent = this.cells.get(event.cellId)?.record ?? this.nodes.get(event.nodeId)?.record;
    if (!parent) return;
    const record = this.startToolSpan(
      event,
      { id: `tool:${event.callId}`, name: event.name, callId: event.callId, args: event.args },
      parent.id,
    );
    this.tools.set(event.callId, { record, nodeId: event.nodeId });
  }

  private toolCallEnd(event: ToolCallEndEvent): void {
    const tool = this.tools.get(event.callId);
    if (!tool) return;
    this.tools.delete(event.callId);
    const { capture } = this.options;
    if (capture && event.result !== undefined) {
      tool.record.attributes[ATTR_GEN_AI_TOOL_CALL_RESULT] = captureText(
        capture,
        ATTR_GEN_AI_TOOL_CALL_RESULT,
        event.result,
      );
    }
    if (event.error) setError(tool.record, event.error);
    this.close(tool.record, event.time);
  }

  /** A history compaction: `rlm.compaction` under the node's span, beside its turns. */
  private compactionStart(event: CompactionStartEvent): void {
    this.startUnderNode(event, {
      id: `compaction:${event.compactionId}`,
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
    const attributes: SpanAttributes = {
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
    options: {
      id: string;
      name: string;
      open: Map<string, CallSpan>;
      key: string;
      attributes: SpanAttributes;
    },
  ): void {
    const parent = this.nodes.get(event.nodeId)?.record;
    if (!parent) return;
    const record = this.open(event, {
      id: options.id,
      parentId: parent.id,
      name: options.name,
      attributes: options.attributes,
    });
    options.open.set(options.key, { record, nodeId: event.nodeId });
  }

  /** Ends a span started by `startUnderNode`, with error status when the event has an error. */
  private endUnderNode(
    event: { time: number; error?: { name: string; message: string } },
    options: { open: Map<string, CallSpan>; key: string; attributes?: SpanAttributes },
  ): void {
    const open = options.open.get(options.key);
    if (!open) return;
    options.open.delete(options.key);
    if (options.attributes) Object.assign(open.record.attributes, options.attributes);
    if (event.error) setError(open.record, event.error);
    this.close(open.record, event.time);
  }

  /** Ends the open cells and calls of one node (or of all nodes) as interrupted. */
  private closeOpen(nodeId: string | undefined, time: number, reason: string | undefined): void {
    const error = { name: reason ?? "Interrupted", message: "Interrupted before it finished." };
    for (const open of [this.calls, this.tools, this.waits, this.compactions]) {
      for (const [key, call] of open) {
        if (nodeId !== undefined && call.nodeId !== nodeId) continue;
        open.delete(key);
        setError(call.record, error);
        this.close(call.record, time);
      }
    }
    for (const [cellId, cell] of this.cells) {
      if (nodeId !== undefined && cell.nodeId !== nodeId) continue;
      this.cells.delete(cellId);
      cell.record.attributes[ATTR_RLM_SUBCALLS] = cell.subcalls;
      setError(cell.record, error);
      this.close(cell.record, time);
    }
  }
}

function setError(record: SpanRecord, error: { name: string; message: string }): void {
  record.attributes[ATTR_ERROR_TYPE] = error.name;
  record.status = { code: "error", message: error.message };
}

function firstLine(text: string): string {
  const end = text.indexOf("\n");
  return end === -1 ? text : text.slice(0, end);
}
