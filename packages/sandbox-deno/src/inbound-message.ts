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
      timedOut: boolean;
      error?: string;
      finalJson?: string;
    }
  | { type: "variable"; requestId: number; value?: string };

const MAX_STRING = 512 * 1024 * 1024;

function isText(value: unknown, max = MAX_STRING): value is string {
  return typeof value === "string" && value.length <= max;
}

function optionalText(value: unknown, max = MAX_STRING): boolean {
  return value === undefined || isText(value, max);
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
      const { cellId, callId, kind } = message;
      if (!isText(cellId, 200) || !Number.isSafeInteger(callId)) return undefined;
      if (kind !== "llm" && kind !== "rlm" && kind !== "tool") return undefined;
      const fields = ["prompt", "model", "name", "contextJson", "argsJson"] as const;
      if (!fields.every((field) => optionalText(message[field]))) return undefined;
      if (!optionalText(message.model, 200) || !optionalText(message.name, 200)) return undefined;
      if (kind !== "tool" && typeof message.prompt !== "string") return undefined;
      if (kind === "tool" && typeof message.name !== "string") return undefined;
      const result: InboundMessage = {
        type: "bridge-call",
        cellId,
        callId: callId as number,
        kind,
      };
      for (const field of fields) {
        const value = message[field];
        if (typeof value === "string") result[field] = value;
      }
      return result;
    }
    case "cell-result": {
      const { cellId, output, truncated, timedOut, error, finalJson } = message;
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
      };
    }
    case "variable": {
      const { requestId, value } = message;
      if (!Number.isSafeInteger(requestId) || !optionalText(value)) return undefined;
      return {
        type: "variable",
        requestId: requestId as number,
        ...(typeof value === "string" ? { value } : {}),
      };
    }
    default:
      return undefined;
  }
}
