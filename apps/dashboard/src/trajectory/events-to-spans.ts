import { createHash } from "node:crypto";
import type { Attributes, SpanRecord } from "../otlp/span-record.ts";
import type { TrajectoryEvent } from "./trajectory-event.ts";

/** Characters kept of each imported text (code, output, prompts), like the exporter's cap. */
const MAX_CONTENT_CHARS = 16_384;

const LIMIT_NAMES: Record<string, string> = {
  maxDepth: "max_depth",
  maxIterations: "max_iterations",
  maxCostUsd: "max_cost_usd",
  maxTokens: "max_tokens",
  maxSubCalls: "max_subcalls",
  maxConcurrency: "max_concurrency",
  maxLiveSessions: "max_live_sessions",
  timeoutMs: "timeout_ms",
};

interface OpenSpan {
  record: SpanRecord;
  nodeId: string;
  subcalls: number;
  subtreeSubcalls: number;
  parentNodeId: string | undefined;
}

/**
 * Turns one run's trajectory events into the spans `@rlm/otel` would have exported for it,
 * so an imported run looks exactly like one received over OTLP. Ids are derived from the
 * run's ids, so importing the same file twice replaces rather than duplicates. Spans still
 * open when the events stop (a run cut short) are left out, as an exporter would: the run
 * then shows as running, and its root span as missing.
 */
export function eventsToSpans(events: readonly TrajectoryEvent[]): SpanRecord[] {
  const done: SpanRecord[] = [];
  const nodes = new Map<string, OpenSpan>();
  const cells = new Map<string, OpenSpan>();
  const calls = new Map<string, OpenSpan>();
  const tools = new Map<string, OpenSpan>();
  /** Nodes waiting for a sandbox slot, by node id. */
  const waits = new Map<string, OpenSpan>();
  /** History compactions in progress, by compaction id. */
  const compactions = new Map<string, OpenSpan>();
  const childCells = new Map<string, string>();
  const iterations = new Map<string, number>();
  let rootNodeId: string | undefined;
  const sorted = [...events].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0) || a.time - b.time);
  const traceId = id(sorted[0]?.runId ?? "", "trace", 16);

  const open = (
    event: TrajectoryEvent,
    options: {
      key: string;
      name: string;
      kind: number;
      parent: OpenSpan | undefined;
      attributes: Attributes;
    },
  ): OpenSpan => ({
    nodeId: event.nodeId,
    parentNodeId: event.parentNodeId,
    subcalls: 0,
    subtreeSubcalls: 0,
    record: {
      traceId,
      spanId: id(event.runId, options.key, 8),
      parentSpanId: options.parent?.record.spanId,
      name: options.name,
      kind: options.kind,
      startMs: event.time,
      endMs: event.time,
      statusCode: 0,
      statusMessage: undefined,
      attributes: {
        "gen_ai.conversation.id": event.runId,
        "rlm.node.id": event.nodeId,
        "rlm.depth": event.depth,
        ...options.attributes,
      },
      events: [],
      serviceName: "rlm-trajectory-import",
    },
  });
  const fail = (span: OpenSpan, name: string, message: string) => {
    span.record.statusCode = 2;
    span.record.statusMessage = message;
    span.record.attributes["error.type"] = name;
  };
  const close = (span: OpenSpan, time: number) => {
    span.record.endMs = time;
    done.push(span.record);
  };
  const openNode = (event: TrajectoryEvent, parent: OpenSpan | undefined): OpenSpan => {
    const node = open(event, {
      key: `node:${event.nodeId}`,
      name: "invoke_agent rlm",
      kind: 1,
      parent,
      attributes: {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": "rlm",
        ...(event.parentNodeId ? { "rlm.parent_node.id": event.parentNodeId } : {}),
      },
    });
    nodes.set(event.nodeId, node);
    return node;
  };
  /** An `execute_tool {name}` span: a cell is the `repl` tool, a host tool call its own. */
  const openTool = (
    event: TrajectoryEvent,
    tool: { key: string; name: string; callId: string; args: string; parent: OpenSpan | undefined },
    extra: Attributes = {},
  ): OpenSpan =>
    open(event, {
      key: tool.key,
      name: `execute_tool ${tool.name}`,
      kind: 1,
      parent: tool.parent,
      attributes: {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": tool.name,
        "gen_ai.tool.type": "function",
        "gen_ai.tool.call.id": tool.callId,
        ...extra,
        "gen_ai.tool.call.arguments": cap(tool.args),
      },
    });

  for (const event of sorted) {
    switch (event.type) {
      case "run-start": {
        rootNodeId = event.nodeId;
        const node = openNode(event, undefined);
        for (const [key, value] of Object.entries(event.limits ?? {})) {
          if (value !== undefined)
            node.record.attributes[`rlm.limit.${LIMIT_NAMES[key] ?? key}`] = value;
        }
        if (event.query !== undefined)
          node.record.attributes["gen_ai.input.messages"] = messages("user", event.query);
        if (event.name !== undefined) node.record.attributes["rlm.run.name"] = event.name;
        break;
      }
      case "node-start": {
        let node = nodes.get(event.nodeId);
        if (!node) {
          const cellId = childCells.get(event.nodeId);
          const parent =
            (cellId !== undefined ? cells.get(cellId) : undefined) ??
            (event.parentNodeId !== undefined ? nodes.get(event.parentNodeId) : undefined);
          node = openNode(event, parent);
          if (event.query !== undefined)
            node.record.attributes["gen_ai.input.messages"] = messages("user", event.query);
        }
        Object.assign(node.record.attributes, {
          "gen_ai.provider.name": event.provider ?? "",
          "gen_ai.request.model": event.model ?? "",
          "rlm.tier": event.tier ?? "",
        });
        break;
      }
      case "iteration-start":
        iterations.set(event.nodeId, event.iteration ?? 0);
        break;
      case "model-call-start": {
        const parent =
          (event.cellId !== undefined ? cells.get(event.cellId) : undefined) ??
          nodes.get(event.nodeId);
        const call = open(event, {
          key: `call:${event.callId}:${event.attempt ?? 1}`,
          name: `chat ${event.modelId ?? ""}`,
          kind: 3,
          parent,
          attributes: {
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": event.provider ?? "",
            "gen_ai.request.model": event.modelId ?? "",
            "rlm.tier": event.tier ?? "",
            "rlm.attempt": event.attempt ?? 1,
            "rlm.iteration": iterations.get(event.nodeId) ?? 0,
            ...(event.messages
              ? {
                  "gen_ai.input.messages": JSON.stringify(
                    event.messages.map((message) => messageOf(message.role, message.content)),
                  ),
                }
              : {}),
          },
        });
        calls.set(`${event.callId}:${event.attempt ?? 1}`, call);
        break;
      }
      case "model-call-end": {
        const key = `${event.callId}:${event.attempt ?? 1}`;
        const call = calls.get(key);
        if (!call) break;
        calls.delete(key);
        const attributes = call.record.attributes;
        const usage = event.usage ?? {};
        if (usage.inputTokens !== undefined)
          attributes["gen_ai.usage.input_tokens"] = usage.inputTokens;
        if (usage.outputTokens !== undefined)
          attributes["gen_ai.usage.output_tokens"] = usage.outputTokens;
        if (usage.cacheReadInputTokens !== undefined)
          attributes["gen_ai.usage.cache_read.input_tokens"] = usage.cacheReadInputTokens;
        if (usage.cacheWriteInputTokens !== undefined)
          attributes["gen_ai.usage.cache_creation.input_tokens"] = usage.cacheWriteInputTokens;
        if (usage.reasoningTokens !== undefined)
          attributes["gen_ai.usage.reasoning.output_tokens"] = usage.reasoningTokens;
        if (event.costUsd !== undefined) attributes["rlm.cost.usd"] = event.costUsd;
        if (event.usageEstimated === true) attributes["rlm.usage.estimated"] = true;
        if (event.finishReason) attributes["gen_ai.response.finish_reasons"] = [event.finishReason];
        if (event.responseModel) attributes["gen_ai.response.model"] = event.responseModel;
        if (event.responseId) attributes["gen_ai.response.id"] = event.responseId;
        const error = errorOf(event.error);
        if (error) fail(call, error.name, error.message);
        else if (event.text !== undefined)
          attributes["gen_ai.output.messages"] = messages("assistant", event.text);
        close(call, event.time);
        break;
      }
      case "cell-start": {
        const cell = openTool(
          event,
          {
            key: `cell:${event.cellId}`,
            name: "repl",
            callId: event.cellId ?? "",
            args: event.code ?? "",
            parent: nodes.get(event.nodeId),
          },
          { "rlm.iteration": event.iteration ?? 0 },
        );
        cells.set(event.cellId ?? "", cell);
        break;
      }
      case "cell-end": {
        const cell = cells.get(event.cellId ?? "");
        if (!cell) break;
        cells.delete(event.cellId ?? "");
        Object.assign(cell.record.attributes, {
          "rlm.subcalls": cell.subcalls,
          "rlm.cell.truncated": event.truncated ?? false,
          "rlm.cell.state_reset": event.stateReset ?? false,
          "gen_ai.tool.call.result": cap(event.output ?? ""),
        });
        if (typeof event.error === "string") {
          const firstLine = event.error.split("\n", 1)[0] ?? "";
          fail(cell, /^(\w*Error)\b/.exec(firstLine)?.[1] ?? "_OTHER", firstLine);
        }
        close(cell, event.time);
        break;
      }
      case "subcall-start": {
        const cell = cells.get(event.cellId ?? "");
        if (cell) cell.subcalls++;
        let node = nodes.get(event.nodeId);
        if (node) node.subcalls++;
        while (node) {
          node.subtreeSubcalls++;
          node = node.parentNodeId !== undefined ? nodes.get(node.parentNodeId) : undefined;
        }
        if (event.childNodeId !== undefined) childCells.set(event.childNodeId, event.cellId ?? "");
        break;
      }
      case "subcall-end": {
        const error = errorOf(event.error);
        const cell = cells.get(event.cellId ?? "");
        if (error && cell) {
          cell.record.events.push({
            name: "rlm.subcall.failed",
            timeMs: event.time,
            attributes: {
              "rlm.subcall.id": event.callId ?? "",
              "rlm.subcall.kind": event.kind ?? "",
              "error.type": error.name,
            },
          });
        }
        break;
      }
      case "tool-call-start": {
        const tool = openTool(event, {
          key: `tool:${event.callId}`,
          name: event.name ?? "",
          callId: event.callId ?? "",
          args: event.args ?? "",
          parent: cells.get(event.cellId ?? "") ?? nodes.get(event.nodeId),
        });
        tools.set(event.callId ?? "", tool);
        break;
      }
      case "tool-call-end": {
        const tool = tools.get(event.callId ?? "");
        if (!tool) break;
        tools.delete(event.callId ?? "");
        const error = errorOf(event.error);
        if (error) fail(tool, error.name, error.message);
        else if (typeof event.result === "string")
          tool.record.attributes["gen_ai.tool.call.result"] = cap(event.result);
        close(tool, event.time);
        break;
      }
      case "sandbox-wait-start": {
        const wait = open(event, {
          key: `wait:${event.nodeId}`,
          name: "rlm.sandbox.wait",
          kind: 1,
          parent: nodes.get(event.nodeId),
          attributes: {
            "rlm.sandbox.live_sessions": event.liveSessions ?? 0,
            "rlm.limit.max_live_sessions": event.maxLiveSessions ?? 0,
          },
        });
        waits.set(event.nodeId, wait);
        break;
      }
      case "sandbox-wait-end": {
        const wait = waits.get(event.nodeId);
        if (!wait) break;
        waits.delete(event.nodeId);
        const error = errorOf(event.error);
        if (error) fail(wait, error.name, error.message);
        close(wait, event.time);
        break;
      }
      case "compaction-start": {
        const compaction = open(event, {
          key: `compaction:${event.compactionId}`,
          name: "rlm.compaction",
          kind: 1,
          parent: nodes.get(event.nodeId),
          attributes: {
            "rlm.iteration": iterations.get(event.nodeId) ?? 0,
            "rlm.compaction.tokens_before": event.estimatedTokens ?? 0,
            "rlm.compaction.context_window": event.contextWindowTokens ?? 0,
            "rlm.compaction.threshold": event.threshold ?? 0,
          },
        });
        compactions.set(event.compactionId ?? "", compaction);
        break;
      }
      case "compaction-end": {
        const compaction = compactions.get(event.compactionId ?? "");
        if (!compaction) break;
        compactions.delete(event.compactionId ?? "");
        const attributes = compaction.record.attributes;
        attributes["rlm.compaction.messages"] = event.compactedMessages ?? 0;
        attributes["rlm.compaction.tokens_after"] = event.estimatedTokens ?? 0;
        if (typeof event.summary === "string") {
          attributes["rlm.compaction.summary"] = cap(event.summary);
        }
        const error = errorOf(event.error);
        if (error) fail(compaction, error.name, error.message);
        close(compaction, event.time);
        break;
      }
      case "node-end": {
        const node = nodes.get(event.nodeId);
        if (!node) break;
        const attributes = node.record.attributes;
        attributes["rlm.iterations"] = event.iterations ?? 0;
        attributes["rlm.subcalls"] = node.subcalls;
        attributes["rlm.subtree.subcalls"] = node.subtreeSubcalls;
        if (event.ownCostUsd !== undefined) attributes["rlm.cost.usd"] = event.ownCostUsd;
        if (event.subtreeCostUsd !== undefined)
          attributes["rlm.subtree.cost.usd"] = event.subtreeCostUsd;
        if (event.answer !== undefined)
          attributes["gen_ai.output.messages"] = messages("assistant", event.answer);
        const error = errorOf(event.error);
        if (error) fail(node, error.name, error.message);
        if (event.nodeId !== rootNodeId) {
          nodes.delete(event.nodeId);
          close(node, event.time);
        }
        break;
      }
      case "run-end": {
        const root = rootNodeId !== undefined ? nodes.get(rootNodeId) : undefined;
        if (!root) break;
        if (typeof event.result === "object" && event.result.depthReached !== undefined)
          root.record.attributes["rlm.depth_reached"] = event.result.depthReached;
        const error = errorOf(event.error);
        if (error) {
          fail(root, error.name, error.message);
          if (typeof event.error === "object" && event.error.limit)
            root.record.attributes["rlm.limit.exceeded"] = event.error.limit;
        }
        close(root, event.time);
        break;
      }
    }
  }
  return done;
}

function errorOf(error: TrajectoryEvent["error"]): { name: string; message: string } | undefined {
  if (error === undefined) return undefined;
  if (typeof error === "string") return { name: "_OTHER", message: error };
  return { name: error.name, message: error.message };
}

function messageOf(role: string, content: string) {
  return { role, parts: [{ type: "text", content: cap(content) }] };
}

function messages(role: string, content: string): string {
  return JSON.stringify([messageOf(role, content)]);
}

function cap(text: string): string {
  if (text.length <= MAX_CONTENT_CHARS) return text;
  return `${text.slice(0, MAX_CONTENT_CHARS)}…[${text.length - MAX_CONTENT_CHARS} more characters]`;
}

/** A stable id of `bytes` bytes for one thing of a run. */
function id(runId: string, key: string, bytes: number): string {
  return createHash("sha256")
    .update(`${runId}\u0000${key}`)
    .digest("hex")
    .slice(0, bytes * 2);
}
