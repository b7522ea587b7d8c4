import { anthropic } from "@rlm/anthropic";
import type { LanguageModel } from "@rlm/core";
import { google } from "@rlm/google";
import { openai } from "@rlm/openai";
import { startBenchThread } from "./bench-thread.js";

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

/** One request as the server saw it, on the server's own clock (milliseconds). */
export interface ServerRequestTimes {
  /** Path and query, e.g. `/v1/responses`. */
  url: string;
  /** The whole request had arrived. */
  receivedAt: number;
  /** The reply's last byte went to the socket. */
  repliedAt: number | undefined;
  /** The client's port: one port per kept-alive connection. */
  remotePort: number | undefined;
  body: string;
}

export interface ScriptedServer {
  /** The real provider model pointed at this server. */
  readonly model: LanguageModel;
  /** Where the provider's SDK sends its requests (its `baseURL`). */
  readonly baseURL: string;
  /** The requests since the last call, in the order they arrived. */
  takeTimeline(): Promise<ServerRequestTimes[]>;
  /** CPU time the server's thread has used, in microseconds (it shares the process). */
  cpuMicros(): Promise<number>;
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
  const thread = await startBenchThread<{ baseURL: string }>({
    file: new URL("./server-thread.mjs", import.meta.url),
    workerData: { provider: options.provider, ...options.script },
    what: "The scripted server (is @rlm/provider-test-servers built?)",
  });
  const settings = { baseURL: thread.ready.baseURL, apiKey: "bench-key", timeoutMs: 600_000 };
  return {
    model: modelFor(options.provider, settings),
    baseURL: thread.ready.baseURL,
    takeTimeline: () => thread.ask<ServerRequestTimes[]>("timeline"),
    cpuMicros: () => thread.ask<number>("cpu"),
    close: () => thread.close(),
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
