// @ts-check
// The trusted half of the sandbox: the Deno main thread. It owns the IPC channel to the host
// (NODE_CHANNEL_FD), starts the worker that runs model code, and forwards only well-formed
// messages between them.
//
// ARCH: model code runs in a node:worker_threads Worker and can escape its realm there (see
// runner/worker-realm.js). The runner talks to the worker only over a private MessagePort
// handed over before any model code runs, never over the worker's public port, and signs
// every message to the host with the key the host sent first (src/control-channel.ts): escaped
// code can write raw bytes to the channel's descriptor (fd 3; Deno's `new net.Socket({ fd })`
// asks no permission), but it never sees the key, so such bytes restart the sandbox instead
// of passing for the runner's.
import { Buffer } from "node:buffer";
import { createDecipheriv } from "node:crypto";
import process from "node:process";
import { MessageChannel, Worker } from "node:worker_threads";
import { cellAttribution } from "./cell-attribution.js";
import { cellOutput } from "./cell-output.js";
import { contextLoader } from "./context-loader.js";
import { guardedRealm } from "./guarded-realm.js";
import { javascriptWorkerMain } from "./javascript-worker.js";
import { pythonSubCalls } from "./python-sub-calls.js";
import { pythonWorkerMain } from "./python-worker.js";
import { realmTimers } from "./realm-timers.js";
import { realmVariables } from "./realm-variables.js";
import { replFunctions } from "./repl-functions.js";
import { subCallBridge } from "./sub-call-bridge.js";
import { subCallFields } from "./sub-call-fields.js";
import { connectToRunner, lockDownWorkerRealm } from "./worker-realm.js";

/** @import { Decipheriv } from "node:crypto" */
/** @import { RunnerConfig, WorkerMessage, WorkerTools } from "./runner-types.js" */
/**
 * A message the runner sends the host; the host checks each again (src/inbound-message.ts).
 * @typedef {Exclude<WorkerMessage, { type: "interrupt-buffer" }> | { type: "fatal"; reason: string }} OutboundMessage
 */

/** @type {RunnerConfig} */
const config = JSON.parse(Deno.args[0] ?? "{}");
const MAX_STRING = 512 * 1024 * 1024;
const OUTBOUND_TYPES = new Set([
  "started",
  "ready",
  "bridge-call",
  "cell-result",
  "variable",
  "load-error",
]);
/** @type {string | undefined} */
let activeCellId;
/** @type {Uint8Array | undefined} */
let interruptBuffer;
/**
 * The host's key (its first message); what the runner sends before it arrives waits.
 * @type {string | undefined}
 */
let key;
/**
 * The keystream the host seals its frames with (see src/control-channel.ts).
 * @type {Decipheriv | undefined}
 */
let decipher;
/** @type {OutboundMessage[]} */
const unsent = [];

/**
 * What the runner sends within one turn of its event loop, written as one frame: a cell's
 * fan-out posts hundreds of sub-calls at once, and a write each (a system call, and a
 * wake-up of the host) cost more than the rest of the runner's work on them.
 * @type {OutboundMessage[]}
 */
let outbox = [];
/** The characters of the strings in `outbox`: a frame stays far below the host's cap. */
let outboxChars = 0;
const MAX_BATCH_CHARS = 8 * 1024 * 1024;

/** @param {OutboundMessage} message */
function send(message) {
  if (key === undefined) {
    unsent.push(message);
    return;
  }
  let chars = 0;
  for (const value of Object.values(message)) if (typeof value === "string") chars += value.length;
  if (outbox.length > 0 && outboxChars + chars > MAX_BATCH_CHARS) flush();
  outbox.push(message);
  outboxChars += chars;
  if (outbox.length === 1) setImmediate(flush);
}

/** Writes what `send` queued: one message as itself, several as one batch frame. */
function flush() {
  const messages = outbox;
  outbox = [];
  outboxChars = 0;
  if (messages.length === 0) return;
  const frame = messages.length === 1 ? messages[0] : { type: "batch", messages };
  try {
    process.send?.({ ...frame, key });
  } catch {
    // The host is gone; the process is about to be killed.
  }
}

/** @param {unknown} reason */
function fatal(reason) {
  send({ type: "fatal", reason: String(reason).slice(0, 2000) });
}

const workerMain = config.language === "python" ? pythonWorkerMain : javascriptWorkerMain;
/**
 * The worker's helpers. The worker is eval'd from a string (a module worker would load its
 * imports at run time, which the process's read permission refuses), so each is a
 * self-contained function written out into that source.
 * @type {WorkerTools}
 */
const tools = {
  connectToRunner,
  lockDownWorkerRealm,
  cellAttribution,
  cellOutput,
  subCallBridge,
  realmTimers,
  guardedRealm,
  realmVariables,
  contextLoader,
  replFunctions,
  pythonSubCalls,
  subCallFields,
};
const toolsSource = Object.entries(tools).map(([name, tool]) => `${name}: ${tool}`);
const workerSource = `(${workerMain})(${JSON.stringify(config)}, { ${toolsSource.join(", ")} })`;

// ARCH: resourceLimits makes a JS heap bomb end only the worker (ERR_WORKER_OUT_OF_MEMORY);
// the host then restarts the process. The V8 flag alone would abort the whole process.
const worker = new Worker(workerSource, {
  eval: true,
  resourceLimits: { maxOldGenerationSizeMb: config.heapMb ?? 2048 },
});
worker.on("error", (error) => fatal(`The sandbox worker failed: ${error?.message ?? error}`));
worker.on("exit", (code) => fatal(`The sandbox worker exited (code ${code}).`));
const { port1: workerPort, port2 } = new MessageChannel();
worker.postMessage({ type: "channel", port: port2 }, [port2]);

/**
 * Why a FINAL value of `length` characters is refused; the host words it the same way.
 * @param {number} length
 */
const overFinalCap = (length) =>
  `has ${length.toLocaleString("en-US")} characters; a FINAL value may have at most ${config.maxFinalChars.toLocaleString("en-US")}`;

/**
 * Rebuilds a worker message from whitelisted, type-checked fields, or drops it. Escaped code
 * can post anything on the private port (its prototype is shared), hence `any`.
 * @param {any} message
 * @returns {OutboundMessage | { type: "refused-call"; callId: number; error: string } | undefined}
 */
function sanitize(message) {
  if (typeof message !== "object" || message === null) return undefined;
  const type = message.type;
  if (typeof type !== "string" || !OUTBOUND_TYPES.has(type)) return undefined;
  /** @type {(value: unknown) => string | undefined} */
  const text = (value) =>
    typeof value === "string" && value.length <= MAX_STRING ? value : undefined;
  switch (type) {
    case "started":
    case "ready":
      return { type };
    case "load-error":
      return { type, error: text(message.error)?.slice(0, 4000) ?? "unknown error" };
    case "bridge-call": {
      if (message.cellId !== activeCellId || !Number.isSafeInteger(message.callId))
        return undefined;
      /** @type {Extract<WorkerMessage, { type: "bridge-call" }> & Record<string, unknown>} */
      const out = { type, cellId: message.cellId, callId: message.callId, kind: message.kind };
      for (const key of [
        "prompt",
        "partsJson",
        "schemaJson",
        "model",
        "name",
        "contextJson",
        "binaryContextJson",
        "argsJson",
      ]) {
        if (message[key] !== undefined) {
          if (text(message[key]) === undefined) {
            const error = `The sub-call's ${key} must be a string.`;
            return { type: "refused-call", callId: message.callId, error };
          }
          out[key] = message[key];
        }
      }
      return out;
    }
    case "cell-result": {
      if (message.cellId !== activeCellId) return undefined;
      activeCellId = undefined;
      /** @type {Extract<WorkerMessage, { type: "cell-result" }>} */
      const out = {
        type,
        cellId: message.cellId,
        output: text(message.output) ?? "",
        truncated: message.truncated === true,
        timedOut: message.timedOut === true,
      };
      if (Number.isSafeInteger(message.lateCalls) && message.lateCalls > 0)
        out.lateCalls = message.lateCalls;
      if (text(message.error) !== undefined) out.error = message.error;
      const finalJson = text(message.finalJson);
      if (finalJson !== undefined && finalJson.length > config.maxFinalChars) {
        // Python's FINAL has no cap of its own: refused here so the value never crosses.
        const refusal = `FINAL failed: the value ${overFinalCap(finalJson.length)}.`;
        out.error = out.error === undefined ? refusal : `${out.error}\n${refusal}`;
      } else if (finalJson !== undefined) out.finalJson = finalJson;
      return out;
    }
    case "variable": {
      if (typeof message.requestId !== "number") return undefined;
      /** @type {Extract<WorkerMessage, { type: "variable" }>} */
      const out = { type, requestId: message.requestId };
      const value = text(message.value);
      if (text(message.error) !== undefined) out.error = message.error.slice(0, 2000);
      else if (value !== undefined && value.length > config.maxFinalChars) {
        // The FINAL cap, as on FINAL from code; refused here so the value never crosses.
        out.error = `it ${overFinalCap(value.length)}`;
      } else if (value !== undefined) out.value = value;
      return out;
    }
  }
  return undefined;
}

let warmedUp = false;
workerPort.on("message", (message) => {
  if (message?.type === "interrupt-buffer" && message.buffer instanceof SharedArrayBuffer) {
    interruptBuffer ??= new Uint8Array(message.buffer);
    return;
  }
  const clean = sanitize(message);
  if (!clean) return;
  if (clean.type === "refused-call") {
    // Answered at once: the cell would otherwise wait for its whole time limit.
    workerPort.postMessage({
      type: "bridge-result",
      callId: clean.callId,
      ok: false,
      error: clean.error,
    });
    return;
  }
  if (clean.type === "started" && !warmedUp) {
    // ARCH: the host hears "started" once one message has gone through the worker's dispatch
    // path and back. Otherwise the first use of that path (message port, setImmediate, JIT)
    // fell on the context load of a warm process and cost it about 1.5 ms.
    warmedUp = true;
    workerPort.postMessage({ type: "warm-up" });
    return;
  }
  if (clean.type === "ready") {
    // The worker has read the context and revoked read; revoke here too (belt and braces).
    try {
      Deno.permissions.revokeSync({ name: "read" });
    } catch (error) {
      return fatal(error);
    }
    send(clean);
    return;
  }
  send(clean);
});

/**
 * A frame the host sealed, opened: frames arrive in the order sent, on one keystream. A
 * frame holds one message, or an array of the messages the host sent in one turn.
 * @param {any} frame
 * @returns {unknown[]}
 */
function unseal(frame) {
  if (frame?.type !== "sealed" || typeof frame.data !== "string" || !decipher) return [];
  const opened = JSON.parse(decipher.update(Buffer.from(frame.data, "base64")).toString("utf8"));
  return Array.isArray(opened) ? opened : [opened];
}

/**
 * One message from the host, for the runner or the worker: whether the worker should have it.
 * @param {any} message
 */
function receive(message) {
  if (typeof message !== "object" || message === null || Array.isArray(message)) return false;
  if (message.type === "execute") activeCellId = message.cellId;
  if (message.type === "interrupt") {
    if (config.language !== "python") return false; // JavaScript cells enforce their own limit.
    // SIGINT for Pyodide: raises KeyboardInterrupt, state is kept.
    if (interruptBuffer) interruptBuffer[0] = 2;
  }
  return true;
}

process.on("message", (/** @type {any} */ frame) => {
  if (frame?.type === "key") {
    if (key === undefined && typeof frame.key === "string") {
      key = frame.key;
      decipher = createDecipheriv(
        "aes-256-ctr",
        Buffer.from(frame.key, "base64url"),
        Buffer.alloc(16),
      );
      for (const each of unsent.splice(0)) send(each);
    }
    return;
  }
  /** @type {unknown[]} */
  let messages;
  try {
    messages = unseal(frame);
  } catch (/** @type {any} */ error) {
    // Only the host writes this direction: a frame that does not open lost bytes to a reader.
    return fatal(`A control message from the host could not be opened: ${error?.message ?? error}`);
  }
  const forWorker = messages.filter(receive);
  // A frame's messages reach the worker as one message (one wake-up of its thread), in order.
  if (forWorker.length === 1) workerPort.postMessage(forWorker[0]);
  else if (forWorker.length > 1) workerPort.postMessage(forWorker);
});

// The host is gone (even if it was SIGKILLed): nothing may outlive it.
process.on("disconnect", () => Deno.exit(0));
