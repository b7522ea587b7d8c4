import type { Context } from "@rlm/core";
import { type ContextKind, type ContextLimits, encodeContext, holdsBytes } from "./context-file.js";

/**
 * A host variable as `set-variable` carries it (runner/runner-types.d.ts): JSON, or, for a
 * value holding bytes, the context file's encoding with the file's bytes as base64.
 */
export type EncodedVariable = { json: string } | { kind: ContextKind; data: string };

/** Encodes a host variable (`query`, `context_1`, ...); refuses one over the context limits. */
export function encodeVariable(value: Context, limits: ContextLimits): EncodedVariable {
  if (!holdsBytes(value)) return { json: JSON.stringify(value) };
  const { kind, data } = encodeContext(value, limits);
  return { kind, data: (typeof data === "string" ? Buffer.from(data) : data).toString("base64") };
}
