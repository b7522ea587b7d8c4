// Types shared by the runner's files (checked only: the runner is plain JavaScript).

import type { ContextKind } from "../src/context-file.js";
import type { cellAttribution } from "./cell-attribution.js";
import type { cellOutput } from "./cell-output.js";
import type { contextLoader } from "./context-loader.js";
import type { guardedRealm } from "./guarded-realm.js";
import type { pythonSubCalls } from "./python-sub-calls.js";
import type { realmTimers } from "./realm-timers.js";
import type { realmVariables } from "./realm-variables.js";
import type { replFunctions } from "./repl-functions.js";
import type { subCallBridge } from "./sub-call-bridge.js";
import type { subCallFields } from "./sub-call-fields.js";
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
  pythonSubCalls: typeof pythonSubCalls;
  subCallFields: typeof subCallFields;
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
  /**
   * A sub-call's answer. `value` is text: the reply of a plain `llm_query` / `rlm_query`, or
   * JSON for a tool, `budget()` and a call with a schema, which the REPL parses in its realm.
   */
  | {
      type: "bridge-result";
      callId: number;
      ok: boolean;
      value?: string;
      error?: string;
      /** The failure's class, e.g. `StructuredOutputError`: the REPL's error takes its name. */
      errorName?: string;
    }
  | { type: "read-variable"; requestId: number; name: string }
  | SetVariableRequest
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
      kind: "llm" | "rlm" | "tool" | "budget";
      /** A text prompt; an `llm` call has either this or `partsJson`. */
      prompt?: string;
      /** A prompt of parts: JSON of `WirePart[]`. */
      partsJson?: string;
      /** JSON of the JSON Schema the reply must match; the answer's `value` is then JSON. */
      schemaJson?: string;
      model?: string;
      name?: string;
      contextJson?: string;
      /** An `rlm` sub-context holding bytes, instead of `contextJson`: JSON of `WireSubContext`. */
      binaryContextJson?: string;
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

/**
 * A host variable (`query`, `context_1`, ...): JSON, or a value holding bytes, encoded as a
 * context file is (`kind`, the file's bytes as base64 in `data`; see src/context-file.ts).
 */
export type SetVariableRequest =
  | { type: "set-variable"; requestId: number; name: string; json: string }
  | { type: "set-variable"; requestId: number; name: string; kind: ContextKind; data: string };

/**
 * One part of a sub-call prompt as the REPLs send it (in `partsJson`): bytes travel as base64,
 * a data URL as the code gave it. The host checks each again and hands core `ContentPart`s.
 */
export type WirePart =
  | { type: "text"; text: string }
  | { type: "image"; base64: string; mediaType?: string }
  | { type: "image"; url: string };

/**
 * A sub-context holding bytes as the REPLs send it (in `binaryContextJson`): bytes alone, or a
 * list whose items are bytes or JSON values.
 */
export type WireSubContext =
  | { base64: string }
  | { items: ({ base64: string } | { value?: unknown })[] };

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
