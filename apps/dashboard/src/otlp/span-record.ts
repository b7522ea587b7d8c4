/** An attribute value as OTLP carries it, decoded to plain JavaScript. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };

export type Attributes = Record<string, AttributeValue>;

export interface SpanEventRecord {
  name: string;
  timeMs: number;
  attributes: Attributes;
}

/**
 * One span, decoded from OTLP/JSON or OTLP/protobuf (or built from a trajectory log), in the
 * shape the store keeps. Times are epoch milliseconds with a fractional part: a double holds
 * sub-microsecond precision at today's epoch, and every view works in milliseconds.
 */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP's SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startMs: number;
  endMs: number;
  /** OTLP's StatusCode: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string | undefined;
  attributes: Attributes;
  events: SpanEventRecord[];
  /** `service.name` of the resource that sent the span. */
  serviceName: string | undefined;
}

export const STATUS_CODE_ERROR = 2;
