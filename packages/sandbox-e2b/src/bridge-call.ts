import type { HostBridge, SubCallGate } from "@rlm/core";
import {
  decodePromptParts,
  decodeSchema,
  decodeSubContext,
  type InboundMessage,
  parseUntrustedJson,
} from "@rlm/sandbox-deno/runner-protocol";

export type BridgeCall = Extract<InboundMessage, { type: "bridge-call" }>;

/** A bridge reply as the runner takes it: a string, or an error for the cell. */
export type BridgeReply = { ok: true; value: string } | { ok: false; error: string };

export interface BridgeCallOptions {
  host: HostBridge;
  toolNames: readonly string[];
  maxPromptChars: number;
  gate: SubCallGate;
  /** Aborted when the cell ends: the host stops the call's work. */
  signal: AbortSignal;
}

/** One request of the REPL, with what serving it needs. */
interface Request {
  call: BridgeCall;
  base: { cellId: string; abortSignal: AbortSignal };
  host: HostBridge;
}

/**
 * What each kind of request does on the host, and whether its value travels as JSON (a
 * typed call's, a tool's) or as the plain string. A new kind of host call is one entry here.
 */
const KINDS: Record<
  string,
  { subCall: boolean; serve: (request: Request) => Promise<{ value: unknown; json: boolean }> }
> = {
  llm: {
    subCall: true,
    async serve({ call, base, host }) {
      const schema = call.schemaJson !== undefined ? decodeSchema(call.schemaJson) : undefined;
      const value = await host.llmQuery({
        ...base,
        prompt:
          call.partsJson !== undefined ? decodePromptParts(call.partsJson) : (call.prompt ?? ""),
        ...(call.model ? { model: call.model } : {}),
        ...(schema !== undefined ? { schema } : {}),
      });
      return { value, json: schema !== undefined };
    },
  },
  rlm: {
    subCall: true,
    async serve({ call, base, host }) {
      const schema = call.schemaJson !== undefined ? decodeSchema(call.schemaJson) : undefined;
      const context = decodeSubContext(call);
      const value = await host.rlmQuery({
        ...base,
        prompt: call.prompt ?? "",
        ...(context !== undefined ? { context } : {}),
        ...(schema !== undefined ? { schema } : {}),
      });
      return { value, json: schema !== undefined };
    },
  },
  tool: {
    subCall: true,
    async serve({ call, base, host }) {
      const args = parseUntrustedJson(call.argsJson ?? "null", "The tool arguments");
      const value = await host.tool({ name: call.name ?? "", args, cellId: base.cellId });
      return { value, json: true };
    },
  },
  budget: {
    // A read of the run's counters: no sub-call, so no slot of the gate.
    subCall: false,
    async serve({ base, host }) {
      return { value: host.budget({ cellId: base.cellId }), json: true };
    },
  },
};

/** The characters of a prompt's text, whichever form it came in. */
function promptChars(call: BridgeCall): number {
  if (call.partsJson === undefined) return call.prompt?.length ?? 0;
  return decodePromptParts(call.partsJson).reduce(
    (sum, part) => sum + (part.type === "text" ? part.text.length : 0),
    0,
  );
}

/** Serves one request of the REPL on the host, within the cell's caps. Never throws. */
export async function serveBridgeCall(
  call: BridgeCall,
  options: BridgeCallOptions,
): Promise<BridgeReply> {
  try {
    if (call.problem !== undefined) throw new Error(call.problem);
    const kind = KINDS[call.kind ?? ""];
    if (!kind) throw new Error(`Unknown request kind ${JSON.stringify(call.kind)}.`);
    const chars = promptChars(call);
    if (chars > options.maxPromptChars) {
      throw new Error(
        `The prompt has ${chars} characters; at most ${options.maxPromptChars} are allowed.`,
      );
    }
    if (call.kind === "tool" && !options.toolNames.includes(call.name ?? "")) {
      throw new Error(`Unknown tool "${call.name}".`);
    }
    const request = {
      call,
      base: { cellId: call.cellId, abortSignal: options.signal },
      host: options.host,
    };
    if (kind.subCall) await options.gate.enter();
    try {
      options.signal.throwIfAborted();
      const { value, json } = await kind.serve(request);
      return { ok: true, value: json ? (JSON.stringify(value) ?? "null") : String(value) };
    } finally {
      if (kind.subCall) options.gate.leave();
    }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
