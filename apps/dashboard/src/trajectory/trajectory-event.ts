/**
 * The fields of `@rlm/core`'s trajectory events (one JSON object per line of a trajectory
 * file) that the import reads. Kept as a structural copy rather than a type import: the
 * dashboard runs without core installed, and reads files written by other versions of it.
 */
export interface TrajectoryEvent {
  type: string;
  runId: string;
  nodeId: string;
  parentNodeId?: string;
  depth: number;
  seq?: number;
  time: number;
  query?: string;
  limits?: Record<string, number | undefined>;
  tier?: string;
  provider?: string;
  model?: string;
  modelId?: string;
  iteration?: number;
  callId?: string;
  cellId?: string;
  attempt?: number;
  messages?: { role: string; content: string }[];
  usage?: {
    inputTokens?: number;
    outputTokens?: number;
    cacheReadInputTokens?: number;
    cacheWriteInputTokens?: number;
    reasoningTokens?: number;
  };
  costUsd?: number;
  finishReason?: string;
  responseId?: string;
  responseModel?: string;
  text?: string;
  code?: string;
  output?: string;
  truncated?: boolean;
  stateReset?: boolean;
  error?: string | { name: string; message: string; limit?: string };
  kind?: string;
  childNodeId?: string;
  status?: string;
  answer?: string;
  iterations?: number;
  ownCostUsd?: number;
  subtreeCostUsd?: number;
  /** run-end: the run's result; subcall-end and tool-call-end: what the call returned. */
  result?: string | { depthReached?: number };
  /** tool-call-start / -end: the host tool's name and its JSON arguments. */
  name?: string;
  args?: string;
}

/** Parses a JSON Lines trajectory; throws naming the first line that is not an event. */
export function parseTrajectory(text: string): TrajectoryEvent[] {
  const events: TrajectoryEvent[] = [];
  for (const [index, line] of text.split("\n").entries()) {
    if (!line.trim()) continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (error) {
      throw new TrajectoryError(`Line ${index + 1} is not valid JSON: ${(error as Error).message}`);
    }
    const record = event as Partial<TrajectoryEvent> | null;
    if (
      typeof record !== "object" ||
      record === null ||
      typeof record.type !== "string" ||
      typeof record.runId !== "string" ||
      typeof record.nodeId !== "string" ||
      typeof record.time !== "number" ||
      !Number.isFinite(new Date(record.time).getTime())
    ) {
      throw new TrajectoryError(`Line ${index + 1} is not an RLM event.`);
    }
    events.push(record as TrajectoryEvent);
  }
  return events;
}

export class TrajectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrajectoryError";
  }
}
