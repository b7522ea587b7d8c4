import type { RLMEvent } from "@rlm/core";

/** Where a run's time went, from its trajectory's durations (milliseconds). */
export interface RunTimes {
  /** The root node's own model calls (request to parsed reply, SDK and HTTP included). */
  rootModelMs: number;
  /** The root node's cells, as the sandbox session reported them. */
  cellMs: number;
  /** Each root cell's duration, in order. */
  cells: number[];
}

export function runTimes(trajectory: readonly RLMEvent[]): RunTimes {
  const times: RunTimes = { rootModelMs: 0, cellMs: 0, cells: [] };
  for (const event of trajectory) {
    if (event.depth !== 0) continue;
    if (event.type === "model-call-end" && event.cellId === undefined) {
      times.rootModelMs += event.durationMs;
    } else if (event.type === "cell-end") {
      times.cellMs += event.durationMs;
      times.cells.push(event.durationMs);
    }
  }
  return times;
}
