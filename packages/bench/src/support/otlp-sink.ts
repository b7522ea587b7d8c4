import { startBenchThread } from "./bench-thread.js";

export interface OtlpSink {
  /** Base URL for `setupTelemetry({ endpoint })`. */
  readonly url: string;
  /** OTLP requests and body bytes received so far. */
  stats(): Promise<{ exports: number; bytes: number }>;
  close(): Promise<void>;
}

/** Starts an OTLP/HTTP receiver on a worker thread (`otlp-sink-thread.mjs`). */
export async function startOtlpSink(): Promise<OtlpSink> {
  const thread = await startBenchThread<{ url: string }>({
    file: new URL("./otlp-sink-thread.mjs", import.meta.url),
    what: "The OTLP receiver",
  });
  return {
    url: thread.ready.url,
    stats: () => thread.ask("stats"),
    close: () => thread.close(),
  };
}
