import {
  context,
  type Meter,
  type MeterProvider,
  metrics,
  type Tracer,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import type { EventSink, RLMEvent } from "@rlm/core";
import { RLMMetrics } from "./rlm-metrics.js";
import { RunSpans } from "./run-spans.js";
import type { ContentCapture, RedactContent } from "./spans/capture-content.js";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./version.js";

export interface OtelSinkOptions {
  /** Where spans go. Defaults to a tracer of `tracerProvider`, else of the global provider. */
  tracer?: Tracer;
  /** Where metrics go. Defaults to a meter of `meterProvider`, else of the global provider. */
  meter?: Meter;
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
  /**
   * Export prompts, replies, code and cell output as span attributes. Off by default:
   * contexts and prompts often hold data that must not reach a tracing backend.
   */
  captureContent?: boolean;
  /** Characters kept per captured attribute. Default 16,384. */
  maxContentChars?: number;
  /** Rewrites every captured text before it is capped and exported (e.g. masks e-mails). */
  redact?: RedactContent;
  /**
   * Force-flush the providers when each run ends, so short scripts lose no spans. Off by
   * default: with a batching processor the run would otherwise wait for an export. A
   * `tracer` or `meter` does not say which provider it came from, so with one of them pass
   * its provider too (`{ tracer, tracerProvider }`); otherwise the sink refuses the option.
   */
  flushOnRunEnd?: boolean;
}

export interface OtelSink extends EventSink {
  /**
   * Exports what the providers hold now (spans and metrics of ended runs): `tracerProvider`
   * and `meterProvider`, or the global ones when neither they nor a `tracer` / `meter` were
   * given. A bare `tracer` or `meter` has no provider here to flush: flush yours.
   */
  forceFlush(): Promise<void>;
}

const DEFAULT_MAX_CONTENT_CHARS = 16_384;

/**
 * An event sink for `createRLM({ sinks: [otelSink()] })` that turns a run's events into
 * OpenTelemetry spans (`invoke_agent rlm` → `execute_tool repl` → `chat {model}`) and GenAI
 * client metrics. It uses `@opentelemetry/api` only, so it reports to whatever SDK the
 * application has registered (or to nothing, at almost no cost, when there is none).
 */
export function otelSink(options: OtelSinkOptions = {}): OtelSink {
  // A tracer or meter given without its provider: there is no provider here to flush.
  const bareTracer = options.tracer !== undefined && options.tracerProvider === undefined;
  const bareMeter = options.meter !== undefined && options.meterProvider === undefined;
  if (options.flushOnRunEnd && (bareTracer || bareMeter)) {
    throw new TypeError(
      "otelSink({ flushOnRunEnd: true }) needs the provider behind a given tracer or meter: pass `tracerProvider` with `tracer` and `meterProvider` with `meter`, or flush your providers yourself after each run.",
    );
  }
  const tracerProvider = options.tracerProvider ?? trace.getTracerProvider();
  const tracer = options.tracer ?? tracerProvider.getTracer(PACKAGE_NAME, PACKAGE_VERSION);
  // The global meter provider is no proxy: read it when the first run starts, so a sink
  // created before the SDK was set up still reports.
  let runMetrics: RLMMetrics | undefined;
  const meterProvider = () => options.meterProvider ?? metrics.getMeterProvider();
  const capture: ContentCapture | undefined = options.captureContent
    ? {
        maxChars: options.maxContentChars ?? DEFAULT_MAX_CONTENT_CHARS,
        redact: options.redact,
      }
    : undefined;
  const runs = new Map<string, RunSpans>();

  async function forceFlush(): Promise<void> {
    // ARCH: never the global provider in place of the one behind a given tracer or meter:
    // that flushed a no-op and exported nothing.
    await Promise.all([
      bareTracer ? undefined : flushProvider(tracerProvider),
      bareMeter ? undefined : flushProvider(meterProvider()),
    ]);
  }

  return {
    onEvent(event: RLMEvent) {
      let run = runs.get(event.runId);
      if (!run) {
        if (event.type !== "run-start") return;
        // Events arrive synchronously from `complete()`, so the active context is the
        // caller's: a run started inside an application span becomes its child.
        runMetrics ??= new RLMMetrics(
          options.meter ?? meterProvider().getMeter(PACKAGE_NAME, PACKAGE_VERSION),
        );
        run = new RunSpans({
          tracer,
          metrics: runMetrics,
          capture,
          parentContext: context.active(),
        });
        runs.set(event.runId, run);
      }
      if (run.handle(event)) runs.delete(event.runId);
    },
    async flush() {
      if (options.flushOnRunEnd) await forceFlush();
    },
    forceFlush,
  };
}

/** SDK providers have `forceFlush`; the API's global proxy hands it on to its delegate. */
async function flushProvider(provider: TracerProvider | MeterProvider): Promise<void> {
  const delegate = (provider as { getDelegate?: () => unknown }).getDelegate?.() ?? provider;
  const flush = (delegate as { forceFlush?: () => Promise<void> }).forceFlush;
  if (typeof flush === "function") await flush.call(delegate);
}
