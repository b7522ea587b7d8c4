import type { DatabaseSync } from "node:sqlite";
import type { RLMEvent } from "@rlm/core";
import { insertSpans } from "../store/insert-spans.ts";
import { eventsToSpans } from "./events-to-spans.ts";
import { parseTrajectory } from "./trajectory-event.ts";

/**
 * Imports a trajectory file's text (one or more runs, as `@rlm/core`'s trajectory sink
 * writes them) into the store. Throws `TrajectoryError` on a line that is not an event,
 * before anything is stored; a last line cut off mid-write is left out and reported.
 */
export function importTrajectory(
  database: DatabaseSync,
  text: string,
): { runIds: string[]; spanCount: number; skippedLastLine?: number } {
  const byRun = new Map<string, RLMEvent[]>();
  const { events, skippedLastLine } = parseTrajectory(text);
  for (const event of events) {
    let list = byRun.get(event.runId);
    if (!list) {
      list = [];
      byRun.set(event.runId, list);
    }
    list.push(event);
  }
  const spans = [...byRun.values()].flatMap((events) => eventsToSpans(events));
  insertSpans(database, spans, "import");
  return {
    runIds: [...byRun.keys()],
    spanCount: spans.length,
    ...(skippedLastLine !== undefined ? { skippedLastLine } : {}),
  };
}
