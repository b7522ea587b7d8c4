export type { OtelSink, OtelSinkOptions } from "./otel-sink.js";
export { otelSink } from "./otel-sink.js";
export type { RedactContent } from "./spans/capture-content.js";
export * as semconv from "./spans/semconv.js";
