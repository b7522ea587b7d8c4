import { describe, expect, it } from "vitest";
import { buildTree } from "./build-tree.ts";
import { criticalPath } from "./critical-path.ts";
import type { LightSpan } from "./run-spans.ts";
import { layoutTimeline } from "./timeline-layout.ts";

function span(
  spanId: string,
  parentSpanId: string | null,
  startMs: number,
  endMs: number,
  extra: Partial<LightSpan> = {},
): LightSpan {
  return {
    spanId,
    parentSpanId,
    operation: "chat",
    name: spanId,
    nodeId: "n0",
    startMs,
    endMs,
    failed: false,
    errorType: null,
    depth: 0,
    iteration: 1,
    tier: "sub",
    provider: null,
    model: "m",
    costUsd: null,
    subtreeCostUsd: null,
    inputTokens: null,
    outputTokens: null,
    ...extra,
  };
}

// A root whose cell fans out three parallel calls (the slowest decides) after one turn.
const spans: LightSpan[] = [
  span("root", null, 0, 100, { operation: "invoke_agent", tier: "root" }),
  span("turn", "root", 0, 10, { tier: "root" }),
  span("cell", "root", 10, 95, { operation: "execute_tool", name: "execute_tool repl" }),
  span("fast", "cell", 11, 40),
  span("slow", "cell", 11, 90),
  span("middle", "cell", 12, 60),
];

describe("criticalPath", () => {
  it("follows the latest-finishing child back in time", () => {
    expect([...criticalPath(spans)].sort()).toEqual(["cell", "root", "slow", "turn"]);
  });
});

describe("layoutTimeline", () => {
  it("stacks overlapping sub-calls on separate rows and marks the critical ones", () => {
    const layout = layoutTimeline(spans, buildTree(spans), criticalPath(spans));
    const rowOf = (id: string) => layout.bars.find((bar) => bar.spanId === id)!.row;
    expect(rowOf("turn")).toBe(rowOf("cell"));
    expect(new Set([rowOf("fast"), rowOf("slow"), rowOf("middle")]).size).toBe(3);
    expect(layout.rows).toBe(1 + 1 + 3);
    expect(layout.bars.find((bar) => bar.spanId === "slow")!.critical).toBe(true);
    expect(layout.bars.find((bar) => bar.spanId === "fast")!.critical).toBe(false);
    expect(layout.durationMs).toBe(100);
  });
});

describe("buildTree", () => {
  it("shows a node whose own span has not arrived as running, with its cost so far", () => {
    const partial: LightSpan[] = [
      span("turn", "missing-root", 0, 10, { tier: "root", model: "big", costUsd: 0.5 }),
      span("sub", "cell", 11, 20, { costUsd: 0.25 }),
      span("cell", "missing-root", 10, 30, {
        operation: "execute_tool",
        name: "execute_tool repl",
      }),
    ];
    const [root] = buildTree(partial);
    expect(root).toMatchObject({
      nodeId: "n0",
      running: true,
      model: "big",
      tier: "root",
      ownCostUsd: 0.75,
      modelCalls: 2,
      cells: 1,
    });
  });
});
