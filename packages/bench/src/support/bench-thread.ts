import { Worker } from "node:worker_threads";

/** A worker thread running one of the benchmarks' stand-ins for a remote service. */
export interface BenchThread<Ready> {
  /** What the thread sent first, once it was listening. */
  readonly ready: Ready;
  /** Sends `{ type }` and resolves with the thread's next message. */
  ask<Answer>(type: string): Promise<Answer>;
  /** Sends `{ type: "close" }` and waits for the thread to exit. */
  close(): Promise<void>;
}

/**
 * Starts `file` (plain JavaScript, loaded by Node itself) on a worker thread and waits for
 * its first message. Without the test runner's flags: its `@rlm/source` condition would make
 * the thread's imports pick TypeScript sources.
 */
export async function startBenchThread<Ready>(options: {
  file: URL;
  workerData?: unknown;
  /** Names what failed to start, in the error. */
  what: string;
}): Promise<BenchThread<Ready>> {
  const worker = new Worker(options.file, { workerData: options.workerData, execArgv: [] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    worker.once("error", (error) =>
      reject(new Error(`${options.what} did not start: ${error.message}`)),
    );
    worker.once("message", resolve);
  });
  return {
    ready,
    ask: <Answer>(type: string) => {
      const answer = new Promise<Answer>((resolve) => worker.once("message", resolve));
      worker.postMessage({ type });
      return answer;
    },
    close: async () => {
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.postMessage({ type: "close" });
      await exited;
    },
  };
}
