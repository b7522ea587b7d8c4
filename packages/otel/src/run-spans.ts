import {
  type Context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type { RLMEvent } from "@rlm/core";
import type { RLMMetrics } from "./rlm-metrics.js";
import type { ContentCapture } from "./spans/capture-content.js";
import { RunSpanBuilder } from "./spans/run-span-builder.js";
import type { SpanRecord } from "./spans/span-record.js";

export interface RunSpansOptions {
  tracer: Tracer;
  metrics: RLMMetrics;
  /** Set when content is captured. */
  capture: ContentCapture | undefined;
  /** The context the run was started in: the root span's parent. */
  parentContext: Context;
}

interface OpenSpan {
  span: Span;
  context: Context;
}

const SPAN_KINDS: Record<SpanRecord["kind"], SpanKind> = {
  internal: SpanKind.INTERNAL,
  client: SpanKind.CLIENT,
};

/**
 * The OpenTelemetry spans of one run: the builder's records, each started as an SDK span
 * when it opens (so the sampler sees it) and completed when it ends.
 */
export class RunSpans {
  private readonly builder: RunSpanBuilder;
  /** SDK spans still open, by record id. */
  private readonly open = new Map<string, OpenSpan>();
  /**
   * False when the root span is not recorded (no SDK registered, or the trace was sampled
   * out). Its descendants would not be recorded either under the usual parent-based
   * sampling, so the run skips building them at all.
   */
  private recording = true;

  constructor(private readonly options: RunSpansOptions) {
    this.builder = new RunSpanBuilder({
      capture: options.capture,
      onStart: (record) => this.start(record),
      onEnd: (record) => this.end(record),
    });
  }

  /** Handles one event; returns true once the run has ended and every span is closed. */
  handle(event: RLMEvent): boolean {
    // A reply from the memo is no client operation: the GenAI metrics would count a call,
    // and a duration, that never reached a provider.
    if (event.type === "model-call-end" && !event.cached) {
      this.options.metrics.recordModelCall(event);
    }
    // Nothing of an unrecorded run is built: only the metrics and the end remain to do.
    if (!this.recording) return event.type === "run-end";
    return this.builder.handle(event);
  }

  private start(record: SpanRecord): void {
    const parentContext =
      (record.parentId !== undefined ? this.open.get(record.parentId)?.context : undefined) ??
      this.options.parentContext;
    const span = this.options.tracer.startSpan(
      record.name,
      { kind: SPAN_KINDS[record.kind], startTime: record.startTime, attributes: record.attributes },
      parentContext,
    );
    // The first span is the run's root: whether it records decides for the run.
    if (this.open.size === 0) this.recording = span.isRecording();
    this.open.set(record.id, { span, context: trace.setSpan(parentContext, span) });
  }

  private end(record: SpanRecord): void {
    const open = this.open.get(record.id);
    if (!open) return;
    this.open.delete(record.id);
    const { span } = open;
    span.setAttributes(record.attributes);
    for (const event of record.events) span.addEvent(event.name, event.attributes, event.time);
    if (record.status.code === "error") {
      span.setStatus({ code: SpanStatusCode.ERROR, message: record.status.message });
    }
    span.end(record.endTime);
  }
}
