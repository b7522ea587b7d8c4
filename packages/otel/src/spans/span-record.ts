/** An attribute value, as both OpenTelemetry's API and OTLP accept it. */
export type SpanAttributeValue = string | number | boolean | string[];

export type SpanAttributes = Record<string, SpanAttributeValue>;

export interface SpanEventRecord {
  name: string;
  /** Epoch milliseconds. */
  time: number;
  attributes: SpanAttributes;
}

export type SpanStatus = { code: "unset" } | { code: "error"; message: string };

/**
 * One span of a run, as plain data: what `@rlm/otel` turns into OpenTelemetry SDK spans and
 * the dashboard stores for an imported trajectory.
 */
export interface SpanRecord {
  /**
   * Unique within its run and derived from the run's own ids (`node:{nodeId}`,
   * `cell:{cellId}`, `call:{callId}:{attempt}`, ...), so building the same events twice
   * gives the same ids.
   */
  id: string;
  /** The `id` of the parent span; undefined for the run's root span. */
  parentId: string | undefined;
  name: string;
  /** `client` for a model call (a request leaving the process), `internal` for the rest. */
  kind: "internal" | "client";
  /** Epoch milliseconds. */
  startTime: number;
  /** Epoch milliseconds; set when the span ends. */
  endTime: number | undefined;
  attributes: SpanAttributes;
  events: SpanEventRecord[];
  status: SpanStatus;
}
