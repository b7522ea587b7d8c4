import { Worker } from "node:worker_threads";
import { anthropic } from "@rlm/anthropic";
import type { LanguageModel } from "@rlm/core";
import { google } from "@rlm/google";
import { openai } from "@rlm/openai";

export type BenchProvider = "openai" | "anthropic" | "google";

/** The scripts of `server-scripts.mjs`, with the parameters each reads. */
export type ServerScript =
  | { name: "loop-root"; params: { iterations: number; latencyMs?: number } }
  | { name: "fan-out-root"; params: { calls: number; latencyMs?: number } }
  | { name: "batched-root"; params: { iterations: number; calls: number } }
  | { name: "sub-summary"; params: { latencyMs?: number } }
  | { name: "recursion-root"; params: { children: number[] } }
  | { name: "recursion-child"; params: { latencyMs?: number } }
  | { name: "sub-summary-staggered"; params: { latencyMs: number; stepMs: number } };

export interface ScriptedServer {
  /** The real provider model pointed at this server. */
  readonly model: LanguageModel;
  /** Requests the server has received so far. */
  requests(): Promise<number>;
  close(): Promise<void>;
}

/** The provider every benchmark talks to: `BENCH_PROVIDER`, else OpenAI (Responses API). */
export function benchProvider(): BenchProvider {
  const name = process.env.BENCH_PROVIDER ?? "openai";
  if (name === "openai" || name === "anthropic" || name === "google") return name;
  throw new Error(`BENCH_PROVIDER must be openai, anthropic or google, not "${name}".`);
}

/**
 * A local server speaking `provider`'s wire format, answering as `script` says, and the
 * provider's real SDK pointed at it: each call pays for HTTP, JSON and the SDK as in use.
 * The server runs on a worker thread (`server-thread.mjs`), as a remote API runs
 * elsewhere, so its own work is not counted against the runtime.
 */
export async function startScriptedServer(options: {
  provider: BenchProvider;
  script: ServerScript;
}): Promise<ScriptedServer> {
  const worker = new Worker(new URL("./server-thread.mjs", import.meta.url), {
    workerData: { provider: options.provider, ...options.script },
    // Without the test runner's flags: its `@rlm/source` condition would pick TypeScript.
    execArgv: [],
  });
  const baseURL = await new Promise<string>((resolve, reject) => {
    worker.once("error", (error) =>
      reject(
        new Error(
          `The scripted server did not start (is @rlm/provider-test-servers built?): ${error.message}`,
        ),
      ),
    );
    worker.once("message", (message: { baseURL: string }) => resolve(message.baseURL));
  });
  const settings = { baseURL, apiKey: "bench-key", timeoutMs: 600_000 };
  return {
    model: modelFor(options.provider, settings),
    requests: async () => {
      const answer = new Promise<number>((resolve) =>
        worker.once("message", (message: { count: number }) => resolve(message.count)),
      );
      worker.postMessage({ type: "requests" });
      return answer;
    },
    close: async () => {
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.postMessage({ type: "close" });
      await exited;
    },
  };
}

function modelFor(
  provider: BenchProvider,
  settings: { baseURL: string; apiKey: string; timeoutMs: number },
): LanguageModel {
  switch (provider) {
    case "openai":
      return openai("gpt-5-mini", settings);
    case "anthropic":
      return anthropic("claude-sonnet-4-6", settings);
    case "google":
      return google("gemini-2.5-flash", settings);
  }
}
