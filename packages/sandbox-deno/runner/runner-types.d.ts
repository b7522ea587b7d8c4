// Types shared by the runner's files (checked only: the runner is plain JavaScript).

import type { ContextKind } from "../src/context-file.js";
import type { cellAttribution } from "./cell-attribution.js";
import type { cellOutput } from "./cell-output.js";
import type { contextLoader } from "./context-loader.js";
import type { guardedRealm } from "./guarded-realm.js";
import type { realmTimers } from "./realm-timers.js";
import type { realmVariables } from "./realm-variables.js";
import type { replFunctions } from "./repl-functions.js";
import type { subCallBridge } from "./sub-call-bridge.js";
import type { connectToRunner, lockDownWorkerRealm } from "./worker-realm.js";

/** What the host passes as the runner's one argument (see src/deno-process.ts). */
export interface RunnerConfig {
  language: "javascript" | "python";
  heapMb: number;
  maxOutputChars: number;
  maxFinalChars: number;
  contextPath: string;
  /** Python only. */
  directory: string;
  /** Python only. */
  snapshotPath: string;
}

/** The helpers each worker gets (stringified beside it, see runner/main.js). */
export interface WorkerTools {
  connectToRunner: typeof connectToRunner;
  lockDownWorkerRealm: typeof lockDownWorkerRealm;
  cellAttribution: typeof cellAttribution;
  cellOutput: typeof cellOutput;
  subCallBridge: typeof subCallBridge;
  realmTimers: typeof realmTimers;
  guardedRealm: typeof guardedRealm;
  realmVariables: typeof realmVariables;
  contextLoader: typeof contextLoader;
  replFunctions: typeof replFunctions;
}

/** The worker's private channel to the runner. */
export interface RunnerConnection {
  post(message: WorkerMessage): void;
  onMessage(listener: (message: HostRequest) => void): void;
  portPrototype: object;
}

/** What the host asks of a worker, relayed by the runner once opened. */
export type HostRequest =
  | { type: "load"; contextKind: ContextKind; toolNames?: string[] }
  | { type: "warm-up" }
  | { type: "execute"; cellId: string; code: string; timeoutMs: number; maxSubCalls?: number }
  | { type: "bridge-result"; callId: number; ok: boolean; value?: string; error?: string }
  | { type: "read-variable"; requestId: number; name: string }
  | { type: "set-variable"; requestId: number; name: string; json: string }
  | { type: "interrupt" };

/**
 * What a worker sends the runner. The runner rebuilds each one from checked fields
 * (`sanitize` in runner/main.js): escaped code can post anything on the port's prototype.
 */
export type WorkerMessage =
  | { type: "started" | "ready" }
  | { type: "load-error"; error: string }
  | { type: "interrupt-buffer"; buffer: SharedArrayBuffer }
  | {
      type: "bridge-call";
      cellId: string;
      callId: number;
      kind: "llm" | "rlm" | "tool";
      prompt?: string;
      model?: string;
      name?: string;
      contextJson?: string;
      argsJson?: string;
    }
  | {
      type: "cell-result";
      cellId: string;
      output: string;
      truncated: boolean;
      timedOut?: boolean;
      error?: string;
      finalJson?: string;
      lateCalls?: number;
    }
  | { type: "variable"; requestId: number; value?: string; error?: string };

/** A running cell, as both REPLs track it. */
export interface Cell {
  cellId: string;
  output: string[];
  chars: number;
  truncated: boolean;
  done: boolean;
  calls: number;
  maxCalls: number;
  final?: string;
  timedOut?: boolean;
}
