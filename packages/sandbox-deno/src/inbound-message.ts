/** Messages the runner may send the host. Anything else is dropped. */
export type InboundMessage =
  | { type: "started" }
  | { type: "ready" }
  | { type: "load-error"; error: string }
  | { type: "fatal"; reason: string }
  | {
      type: "bridge-call";
      cellId: string;
      callId: number;
      /** Absent only when `problem` says why. */
      kind?: "llm" | "rlm" | "tool" | "budget";
      prompt?: string;
      /** An `llm` prompt of parts (see `decodePromptParts`), instead of `prompt`. */
      partsJson?: string;
      /** The JSON Schema of a typed `llm` / `rlm` call (see `decodeSchema`). */
      schemaJson?: string;
      model?: string;
      name?: string;
      contextJson?: string;
      /** An `rlm` sub-context holding bytes (see `decodeSubContext`), instead of `contextJson`. */
      binaryContextJson?: string;
      argsJson?: string;
      /** Why the request cannot be served; the cell is told at once instead of waiting. */
      problem?: string;
    }
  | {
      type: "cell-result";
      cellId: string;
      output: string;
      truncated: boolean;
      timedOut: boolean;
      error?: string;
      finalJson?: string;
      lateCalls?: number;
    }
  | { type: "variable"; requestId: number; value?: string; error?: string };

const MAX_STRING = 512 * 1024 * 1024;

function isText(value: unknown, max = MAX_STRING): value is string {
  return typeof value === "string" && value.length <= max;
}

function optionalText(value: unknown, max = MAX_STRING): boolean {
  return value === undefined || isText(value, max);
}

const BRIDGE_FIELDS = [
  "prompt",
  "partsJson",
  "schemaJson",
  "model",
  "name",
  "contextJson",
  "binaryContextJson",
  "argsJson",
] as const;
const BRIDGE_KINDS = new Set(["llm", "rlm", "tool", "budget"]);
/** Model and tool names are looked up in the host's tables; no real one is longer. */
const MAX_NAME_CHARS = 200;

/** What makes a sub-call request unservable, in words for the model; undefined if nothing. */
function bridgeCallProblem(message: Record<string, unknown>): string | undefined {
  const { kind } = message;
  if (typeof kind !== "string" || !BRIDGE_KINDS.has(kind)) {
    return `Unknown sub-call kind ${JSON.stringify(String(kind)).slice(0, 100)}.`;
  }
  for (const field of BRIDGE_FIELDS) {
    if (!optionalText(message[field])) return `The sub-call's ${field} must be a string.`;
  }
  for (const [field, label] of [
    ["model", "model name"],
    ["name", "tool name"],
  ] as const) {
    const value = message[field];
    if (typeof value === "string" && value.length > MAX_NAME_CHARS) {
      return `The ${label} has ${value.length} characters; at most ${MAX_NAME_CHARS} are allowed.`;
    }
  }
  if (kind === "llm" && (typeof message.prompt === "string") === (message.partsJson !== undefined))
    return "The prompt must be a string or a list of parts.";
  if (kind === "rlm" && typeof message.prompt !== "string") return "The prompt must be a string.";
  if (kind === "tool" && typeof message.name !== "string") return "The tool name must be a string.";
  if (message.schemaJson !== undefined && kind !== "llm" && kind !== "rlm")
    return `A ${kind} call takes no schema.`;
  if (
    message.binaryContextJson !== undefined &&
    (kind !== "rlm" || message.contextJson !== undefined)
  )
    return "Only an rlm_query call takes a sub-context, and only one.";
  return undefined;
}

/**
 * Checks the shape and sizes of a message from the runner. The runner is trusted, but it
 * relays what model code produced, so the host checks everything again; ids are checked
 * against pending work by the session.
 */
export function parseInboundMessage(raw: unknown): InboundMessage | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const message = raw as Record<string, unknown>;
  switch (message.type) {
    case "started":
    case "ready":
      return { type: message.type };
    case "load-error":
    case "fatal": {
      const text = message.type === "fatal" ? message.reason : message.error;
      if (!isText(text, 10_000)) return undefined;
      return message.type === "fatal"
        ? { type: "fatal", reason: text }
        : { type: "load-error", error: text };
    }
    case "bridge-call": {
      const { cellId, callId } = message;
      if (!isText(cellId, 200) || !Number.isSafeInteger(callId)) return undefined;
      const result: InboundMessage = { type: "bridge-call", cellId, callId: callId as number };
      for (const field of BRIDGE_FIELDS) {
        const value = message[field];
        if (typeof value === "string") result[field] = value;
      }
      const problem = bridgeCallProblem(message);
      if (problem !== undefined) return { ...result, problem };
      return { ...result, kind: message.kind as "llm" | "rlm" | "tool" | "budget" };
    }
    case "cell-result": {
      const { cellId, output, truncated, timedOut, error, finalJson, lateCalls } = message;
      if (!isText(cellId, 200) || !isText(output) || typeof truncated !== "boolean")
        return undefined;
      if (!optionalText(error) || !optionalText(finalJson)) return undefined;
      return {
        type: "cell-result",
        cellId,
        output,
        truncated,
        timedOut: timedOut === true,
        ...(typeof error === "string" ? { error } : {}),
        ...(typeof finalJson === "string" ? { finalJson } : {}),
        ...(Number.isSafeInteger(lateCalls) && (lateCalls as number) > 0
          ? { lateCalls: lateCalls as number }
          : {}),
      };
    }
    case "variable": {
      const { requestId, value, error } = message;
      if (!Number.isSafeInteger(requestId) || !optionalText(value) || !optionalText(error, 10_000))
        return undefined;
      return {
        type: "variable",
        requestId: requestId as number,
        ...(typeof value === "string" ? { value } : {}),
        ...(typeof error === "string" ? { error } : {}),
      };
    }
    default:
      return undefined;
  }
}
