export type { RedactContent } from "./capture-content.js";
export type { OtelSink, OtelSinkOptions } from "./otel-sink.js";
export { otelSink } from "./otel-sink.js";
export * as semconv from "./semconv.js";
