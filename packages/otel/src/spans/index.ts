export type { ContentCapture, RedactContent } from "./capture-content.js";
export type { RunSpanBuilderOptions } from "./run-span-builder.js";
export { RunSpanBuilder } from "./run-span-builder.js";
export * as semconv from "./semconv.js";
export type {
  SpanAttributes,
  SpanAttributeValue,
  SpanEventRecord,
  SpanRecord,
  SpanStatus,
} from "./span-record.js";
