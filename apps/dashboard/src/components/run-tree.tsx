"use client";

import { useState } from "react";
import type { TreeNode } from "../run-view/build-tree.ts";
import { formatDuration, formatUsd } from "./format.ts";
import { NodeDetailsView } from "./node-details-view.tsx";

/** The recursion tree: one row per RLM node; opening a row loads what that node did. */
export function RunTree({ runId, roots }: { runId: string; roots: TreeNode[] }) {
  return (
    <ul className="tree" data-testid="run-tree">
      {roots.map((node) => (
        <TreeItem key={node.nodeId} runId={runId} node={node} />
      ))}
    </ul>
  );
}

function TreeItem({ runId, node }: { runId: string; node: TreeNode }) {
  const [open, setOpen] = useState(false);
  const status = node.running ? "running" : node.failed ? "error" : "ok";
  return (
    <li data-node-id={node.nodeId} data-depth={node.depth}>
      <div className="tree-row">
        <button
          type="button"
          aria-expanded={open}
          aria-label={`${open ? "Close" : "Open"} node ${node.nodeId}`}
          onClick={() => setOpen(!open)}
        >
          {open ? "▾" : "▸"}
        </button>
        <strong>{node.model ?? "(model not known yet)"}</strong>
        <span className="muted">{node.tier ?? "—"}</span>
        <span>depth {node.depth}</span>
        <span title="Own cost: this node's model turns and llm_query calls">
          own {formatUsd(node.ownCostUsd)}
        </span>
        <span title="Subtree cost: own plus every descendant's">
          subtree {formatUsd(node.subtreeCostUsd)}
        </span>
        <span>{formatDuration(node.endMs - node.startMs)}</span>
        <span>
          {node.modelCalls} calls · {node.cells} cells
        </span>
        <span className={`badge badge-${status}`}>{status}</span>
        {node.failed ? <span className="failed">{node.errorType ?? "failed"}</span> : null}
        {!node.failed && node.failedSpans > 0 ? (
          <span className="failed">{node.failedSpans} failed inside</span>
        ) : null}
        <span className="muted">{node.nodeId}</span>
      </div>
      {open ? <NodeDetailsView runId={runId} nodeId={node.nodeId} /> : null}
      {node.children.length > 0 ? (
        <ul className="tree">
          {node.children.map((child) => (
            <TreeItem key={child.nodeId} runId={runId} node={child} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
