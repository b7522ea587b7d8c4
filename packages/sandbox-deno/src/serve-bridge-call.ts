import type { HostBridge, SubCallGate, SubCallPrompt } from "@rlm/core";
import type { InboundMessage } from "./inbound-message.js";
import { parseUntrustedJson } from "./parse-untrusted-json.js";
import { decodePromptParts, decodeSchema, decodeSubContext } from "./sub-call-request.js";

export type BridgeCall = Extract<InboundMessage, { type: "bridge-call" }>;

/**
 * The answer the runner relays to the cell (`bridge-result`): `value` is text, JSON for a
 * typed call, a tool and `budget()`; an error keeps its class's name (`StructuredOutputError`).
 */
export type BridgeReply =
  | { ok: true; value: string }
  | { ok: false; error: string; errorName?: string };

export interface BridgeCallOptions {
  host: HostBridge;
  toolNames: readonly string[];
  maxPromptChars: number;
  /** The cell's caps on sub-calls (per cell, in flight); `budget()` takes no slot. */
  gate: SubCallGate;
  /** Aborted when the cell ends: the host stops the call's work. */
  signal: AbortSignal;
}

/** An error class's name as the REPL's error takes it. */
const ERROR_NAME = /^[A-Z][A-Za-z]{0,60}Error$/;

/**
 * Serves one request of the REPL on the host: checks and decodes its fields (the runner relays
 * what code produced), applies the cell's caps, and calls the host bridge. Never throws.
 */
export async function serveBridgeCall(
  call: BridgeCall,
  options: BridgeCallOptions,
): Promise<BridgeReply> {
  const { host, signal } = options;
  try {
    if (call.problem !== undefined) throw new Error(call.problem);
    const cellId = call.cellId;
    if (call.kind === "budget") {
      // A read of the run's counters: no sub-call, so no slot of the gate.
      return { ok: true, value: JSON.stringify(host.budget({ cellId })) };
    }
    const prompt = checkedPrompt(call, options.maxPromptChars);
    const schema = call.schemaJson !== undefined ? decodeSchema(call.schemaJson) : undefined;
    if (call.kind === "tool" && !options.toolNames.includes(call.name ?? "")) {
      throw new Error(`Unknown tool "${call.name}".`);
    }
    await options.gate.enter();
    try {
      signal.throwIfAborted();
      const base = { cellId, abortSignal: signal, ...(schema !== undefined ? { schema } : {}) };
      let value: unknown;
      if (call.kind === "llm") {
        value = await host.llmQuery({
          ...base,
          prompt,
          ...(call.model ? { model: call.model } : {}),
        });
      } else if (call.kind === "rlm") {
        const context = decodeSubContext(call);
        value = await host.rlmQuery({
          ...base,
          prompt: call.prompt ?? "",
          ...(context !== undefined ? { context } : {}),
        });
      } else {
        const args = parseUntrustedJson(call.argsJson ?? "null", "The tool arguments");
        value = await host.tool({ name: call.name ?? "", args, cellId });
      }
      // A value (a typed call's, a tool's) travels as JSON; the REPL parses it in its realm.
      const asJson = schema !== undefined || call.kind === "tool";
      return { ok: true, value: asJson ? (JSON.stringify(value) ?? "null") : String(value) };
    } finally {
      options.gate.leave();
    }
  } catch (error) {
    if (!(error instanceof Error)) return { ok: false, error: String(error) };
    // The class's name (`StructuredOutputError`, ...) lets code tell the failures apart.
    const named = error.name !== "Error" && ERROR_NAME.test(error.name);
    return { ok: false, error: error.message, ...(named ? { errorName: error.name } : {}) };
  }
}

/** The call's prompt, its parts decoded, within `maxPromptChars` characters of text. */
function checkedPrompt(call: BridgeCall, maxPromptChars: number): SubCallPrompt {
  const prompt =
    call.partsJson !== undefined ? decodePromptParts(call.partsJson) : (call.prompt ?? "");
  const chars =
    typeof prompt === "string"
      ? prompt.length
      : prompt.reduce((sum, part) => sum + (part.type === "text" ? part.text.length : 0), 0);
  if (chars > maxPromptChars) {
    throw new Error(`The prompt has ${chars} characters; at most ${maxPromptChars} are allowed.`);
  }
  return prompt;
}
