import { isCellSpan } from "./cell-span.ts";
import type { LightSpan } from "./run-spans.ts";

/** One RLM node (the root or a child RLM) with what the tree shows of it. */
export interface TreeNode {
  nodeId: string;
  /** The node's `invoke_agent` span; absent while the node is still running. */
  spanId: string | null;
  model: string | null;
  provider: string | null;
  tier: string | null;
  depth: number;
  startMs: number;
  /** Latest time seen: the span's end, or the latest of its spans while running. */
  endMs: number;
  running: boolean;
  failed: boolean;
  errorType: string | null;
  ownCostUsd: number | null;
  subtreeCostUsd: number | null;
  modelCalls: number;
  cells: number;
  iterations: number;
  failedSpans: number;
  children: TreeNode[];
}

/**
 * The recursion tree of a run from its spans. Nodes come from `invoke_agent` spans, and from
 * the `rlm.node.id` of other spans when a node's own span has not arrived yet (it is exported
 * when the node ends). A child hangs under the node whose cell started it.
 */
export function buildTree(spans: readonly LightSpan[]): TreeNode[] {
  const byId = new Map<string, LightSpan>();
  for (const span of spans) byId.set(span.spanId, span);
  const nodes = new Map<string, TreeNode>();
  const parentOf = new Map<string, string | null>();
  const nodeFor = (nodeId: string, span: LightSpan): TreeNode => {
    let node = nodes.get(nodeId);
    if (!node) {
      node = {
        nodeId,
        spanId: null,
        model: null,
        provider: null,
        tier: null,
        depth: span.depth ?? 0,
        startMs: span.startMs,
        endMs: span.endMs,
        running: true,
        failed: false,
        errorType: null,
        ownCostUsd: null,
        subtreeCostUsd: null,
        modelCalls: 0,
        cells: 0,
        iterations: 0,
        failedSpans: 0,
        children: [],
      };
      nodes.set(nodeId, node);
    }
    return node;
  };
  let summedCost = new Map<string, number>();
  for (const span of spans) {
    if (span.nodeId === null) continue;
    const node = nodeFor(span.nodeId, span);
    node.startMs = Math.min(node.startMs, span.startMs);
    node.endMs = Math.max(node.endMs, span.endMs);
    if (span.failed && span.operation !== "invoke_agent") node.failedSpans++;
    if (span.operation === "invoke_agent") {
      node.spanId = span.spanId;
      node.running = false;
      node.failed = span.failed;
      node.errorType = span.errorType;
      node.model = span.model;
      node.provider = span.provider;
      node.tier = span.tier;
      node.depth = span.depth ?? node.depth;
      node.ownCostUsd = span.costUsd;
      node.subtreeCostUsd = span.subtreeCostUsd;
      node.startMs = span.startMs;
      node.endMs = span.endMs;
      parentOf.set(span.nodeId, nodeOfAncestor(span, byId));
    } else if (span.operation === "chat") {
      node.modelCalls++;
      if (span.costUsd !== null) {
        summedCost.set(span.nodeId, (summedCost.get(span.nodeId) ?? 0) + span.costUsd);
      }
      // The node's own turns name its model and tier while its span is missing.
      if (node.spanId === null && span.tier !== "sub" && span.parentSpanId !== null) {
        const parent = byId.get(span.parentSpanId);
        if (!parent || parent.operation === "invoke_agent") {
          node.model ??= span.model;
          node.provider ??= span.provider;
          node.tier ??= span.tier;
        }
      }
    } else if (isCellSpan(span)) {
      node.cells++;
      node.iterations = Math.max(node.iterations, span.iteration ?? 0);
    }
    if (node.spanId === null && !parentOf.has(span.nodeId)) {
      const parentNode = nodeOfAncestor(span, byId);
      if (parentNode !== null && parentNode !== span.nodeId) parentOf.set(span.nodeId, parentNode);
    }
  }
  for (const [nodeId, node] of nodes) node.ownCostUsd ??= summedCost.get(nodeId) ?? null;
  summedCost = new Map();

  const roots: TreeNode[] = [];
  for (const [nodeId, node] of nodes) {
    const parentId = parentOf.get(nodeId);
    const parent = parentId ? nodes.get(parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const finish = (node: TreeNode): number | null => {
    node.children.sort((a, b) => a.startMs - b.startMs);
    let childCost: number | null = null;
    for (const child of node.children) {
      const cost = finish(child);
      if (cost !== null) childCost = (childCost ?? 0) + cost;
    }
    if (node.subtreeCostUsd === null && (node.ownCostUsd !== null || childCost !== null)) {
      node.subtreeCostUsd = (node.ownCostUsd ?? 0) + (childCost ?? 0);
    }
    return node.subtreeCostUsd;
  };
  roots.sort((a, b) => a.depth - b.depth || a.startMs - b.startMs);
  for (const root of roots) finish(root);
  return roots;
}

/** The node of the nearest ancestor span that belongs to another node. */
function nodeOfAncestor(span: LightSpan, byId: Map<string, LightSpan>): string | null {
  let current = span.parentSpanId !== null ? byId.get(span.parentSpanId) : undefined;
  for (let hops = 0; current && hops < 64; hops++) {
    if (current.nodeId !== null && current.nodeId !== span.nodeId) return current.nodeId;
    current = current.parentSpanId !== null ? byId.get(current.parentSpanId) : undefined;
  }
  return null;
}

/** Every node of the tree, depth first. */
export function flattenTree(roots: readonly TreeNode[]): TreeNode[] {
  const result: TreeNode[] = [];
  const visit = (node: TreeNode) => {
    result.push(node);
    for (const child of node.children) visit(child);
  };
  for (const root of roots) visit(root);
  return result;
}
