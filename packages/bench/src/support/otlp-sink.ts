import { Worker } from "node:worker_threads";

export interface OtlpSink {
  /** Base URL for `setupTelemetry({ endpoint })`. */
  readonly url: string;
  /** OTLP requests and body bytes received so far. */
  stats(): Promise<{ exports: number; bytes: number }>;
  close(): Promise<void>;
}

/** Starts an OTLP/HTTP receiver on a worker thread (`otlp-sink-thread.mjs`). */
export async function startOtlpSink(): Promise<OtlpSink> {
  const worker = new Worker(new URL("./otlp-sink-thread.mjs", import.meta.url), {
    execArgv: [],
  });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (message: { url: string }) => resolve(message.url));
  });
  return {
    url,
    stats: () => {
      const answer = new Promise<{ exports: number; bytes: number }>((resolve) =>
        worker.once("message", resolve),
      );
      worker.postMessage({ type: "stats" });
      return answer;
    },
    close: async () => {
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.postMessage({ type: "close" });
      await exited;
    },
  };
}
