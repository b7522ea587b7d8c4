import { flattenTree, type TreeNode } from "./build-tree.ts";
import { isCellSpan } from "./cell-span.ts";
import type { LightSpan } from "./run-spans.ts";

export type BarKind = "node" | "turn" | "cell" | "subcall";

export interface TimelineBar {
  spanId: string;
  row: number;
  /** Milliseconds from the run's start. */
  start: number;
  end: number;
  kind: BarKind;
  failed: boolean;
  critical: boolean;
  label: string;
}

export interface TimelineBand {
  nodeId: string;
  label: string;
  firstRow: number;
  rows: number;
}

export interface TimelineLayout {
  startMs: number;
  durationMs: number;
  rows: number;
  bands: TimelineBand[];
  bars: TimelineBar[];
}

/**
 * Places a run's spans on rows: one band per RLM node in tree order; in a band, the node
 * itself, then its turns and cells (which run one after another), then its sub-calls packed
 * onto as few rows as their overlap allows, so a parallel fan-out shows as a stack of bars.
 */
export function layoutTimeline(
  spans: readonly LightSpan[],
  tree: readonly TreeNode[],
  critical: ReadonlySet<string>,
): TimelineLayout {
  const byId = new Map<string, LightSpan>();
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    byId.set(span.spanId, span);
    startMs = Math.min(startMs, span.startMs);
    endMs = Math.max(endMs, span.endMs);
  }
  if (spans.length === 0) return { startMs: 0, durationMs: 0, rows: 0, bands: [], bars: [] };

  const spansByNode = new Map<string, LightSpan[]>();
  for (const span of spans) {
    const key = span.nodeId ?? "";
    let list = spansByNode.get(key);
    if (!list) {
      list = [];
      spansByNode.set(key, list);
    }
    list.push(span);
  }

  const bars: TimelineBar[] = [];
  const bands: TimelineBand[] = [];
  let row = 0;
  const bar = (span: LightSpan, barRow: number, kind: BarKind): void => {
    bars.push({
      spanId: span.spanId,
      row: barRow,
      start: span.startMs - startMs,
      end: span.endMs - startMs,
      kind,
      failed: span.failed,
      critical: critical.has(span.spanId),
      label: span.name,
    });
  };
  const nodeIds = flattenTree(tree).map((node) => node.nodeId);
  // Spans without a node id (another instrumentation's) get a band of their own at the end.
  if (spansByNode.has("")) nodeIds.push("");
  const nodesById = new Map(flattenTree(tree).map((node) => [node.nodeId, node]));
  for (const nodeId of nodeIds) {
    const own = spansByNode.get(nodeId) ?? [];
    const firstRow = row;
    const node = nodesById.get(nodeId);
    const agent = own.find((span) => span.operation === "invoke_agent");
    if (agent) bar(agent, row, "node");
    row++;
    const sequential: LightSpan[] = [];
    const parallel: LightSpan[] = [];
    for (const span of own) {
      if (span.operation === "invoke_agent") continue;
      const parent = span.parentSpanId !== null ? byId.get(span.parentSpanId) : undefined;
      // What a cell started (sub-calls, host tools) runs beside its siblings.
      if (parent && isCellSpan(parent)) parallel.push(span);
      else sequential.push(span);
    }
    for (const span of sequential) bar(span, row, isCellSpan(span) ? "cell" : "turn");
    if (sequential.length > 0) row++;
    const laneEnds: number[] = [];
    for (const span of parallel) {
      let lane = laneEnds.findIndex((end) => end <= span.startMs);
      if (lane === -1) {
        lane = laneEnds.length;
        laneEnds.push(span.endMs);
      } else laneEnds[lane] = span.endMs;
      bar(span, row + lane, "subcall");
    }
    row += laneEnds.length;
    const label =
      nodeId === "" ? "other spans" : `${node?.tier ?? "node"} · ${node?.model ?? nodeId}`;
    bands.push({ nodeId, label, firstRow, rows: row - firstRow });
  }
  return { startMs, durationMs: endMs - startMs, rows: row, bands, bars };
}
