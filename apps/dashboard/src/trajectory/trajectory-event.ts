import type { RLMEvent } from "@rlm/core";

export interface ParsedTrajectory {
  events: RLMEvent[];
  /** The number of a last line cut off mid-write (no newline, not JSON) that was left out. */
  skippedLastLine?: number;
}

/**
 * Parses a JSON Lines trajectory; throws naming the first line that is not an event. A last
 * line without its newline that does not parse, after events that did, is what a writer
 * stopped mid-line (a crash) leaves: it is left out and reported, so the complete runs
 * before it still import.
 */
export function parseTrajectory(text: string): ParsedTrajectory {
  const events: RLMEvent[] = [];
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (error) {
      const cutOff = index === lines.length - 1 && events.length > 0;
      if (cutOff) return { events, skippedLastLine: index + 1 };
      throw new TrajectoryError(`Line ${index + 1} is not valid JSON: ${(error as Error).message}`);
    }
    const problem = eventProblem(event);
    if (problem) throw new TrajectoryError(`Line ${index + 1} is not an RLM event: ${problem}.`);
    events.push(event as RLMEvent);
  }
  return { events };
}

const STRING_FIELDS = [
  "parentNodeId",
  "query",
  "tier",
  "provider",
  "model",
  "modelId",
  "callId",
  "cellId",
  "finishReason",
  "responseId",
  "responseModel",
  "text",
  "code",
  "output",
  "kind",
  "childNodeId",
  "status",
  "answer",
  "name",
  "args",
] as const;
const NUMBER_FIELDS = [
  "depth",
  "seq",
  "iteration",
  "attempt",
  "costUsd",
  "iterations",
  "ownCostUsd",
  "subtreeCostUsd",
  "liveSessions",
  "maxLiveSessions",
] as const;

/**
 * The fields the span builder reads whole (as text to capture, usage, limits) on each type of
 * event: core always writes them, and a line without one would fail the import midway.
 */
const REQUIRED_FIELDS: Record<string, readonly string[]> = {
  "run-start": ["query", "limits"],
  "node-start": ["query"],
  "model-call-start": ["callId", "messages"],
  "model-call-end": ["callId", "usage"],
  "cell-start": ["cellId", "code"],
  "cell-end": ["cellId", "output"],
  "tool-call-start": ["callId", "args"],
};

/** What is wrong with a parsed line as an event (types the import relies on), if anything. */
function eventProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not an object";
  const event = value as Record<string, unknown>;
  for (const key of ["type", "runId", "nodeId"]) {
    if (typeof event[key] !== "string") return `"${key}" must be a string`;
  }
  if (typeof event.time !== "number" || !Number.isFinite(new Date(event.time).getTime())) {
    return '"time" must be a time in milliseconds';
  }
  for (const key of STRING_FIELDS) {
    if (event[key] !== undefined && typeof event[key] !== "string")
      return `"${key}" must be a string`;
  }
  for (const key of NUMBER_FIELDS) {
    if (event[key] !== undefined && typeof event[key] !== "number")
      return `"${key}" must be a number`;
  }
  for (const key of ["truncated", "stateReset", "usageEstimated"]) {
    if (event[key] !== undefined && typeof event[key] !== "boolean")
      return `"${key}" must be true or false`;
  }
  if (event.messages !== undefined) {
    const ok =
      Array.isArray(event.messages) &&
      event.messages.every(
        (message) =>
          typeof message === "object" &&
          message !== null &&
          typeof (message as { role?: unknown }).role === "string" &&
          typeof (message as { content?: unknown }).content === "string",
      );
    if (!ok) return '"messages" must be a list of { role, content } strings';
  }
  for (const key of ["usage", "limits"]) {
    const record = event[key];
    if (record === undefined) continue;
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      return `"${key}" must be an object`;
    }
    for (const number of Object.values(record)) {
      if (number !== undefined && number !== null && typeof number !== "number") {
        return `"${key}" must hold numbers`;
      }
    }
  }
  for (const key of REQUIRED_FIELDS[event.type as string] ?? []) {
    if (event[key] === undefined) return `"${key}" is missing from a ${event.type} event`;
  }
  const { error, result } = event;
  if (event.type === "cell-end" && error !== undefined && typeof error !== "string") {
    return '"error" of a cell-end event must be a string';
  }
  if (
    error !== undefined &&
    typeof error !== "string" &&
    (typeof error !== "object" ||
      error === null ||
      typeof (error as { message?: unknown }).message !== "string")
  ) {
    return '"error" must be a string or an object with a message';
  }
  if (
    result !== undefined &&
    typeof result !== "string" &&
    (typeof result !== "object" || result === null)
  ) {
    return '"result" must be a string or an object';
  }
  return undefined;
}

export class TrajectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrajectoryError";
  }
}
