import type { ProviderErrorKind } from "@rlm/core";

/** Kinds no retry can fix, whatever a server or gateway says. */
const NEVER_RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(["quota", "authentication"]);

/**
 * What the `x-should-retry` header (sent by OpenAI and Anthropic, and by gateways in front of
 * any provider) says about retrying: `false` always wins; `true` makes an error retryable
 * unless its kind is quota or authentication, which a retry would only bill again or repeat.
 * `undefined` leaves the kind's default.
 */
export function retryableByHeader(
  headers: { get(name: string): string | null } | undefined,
  kind: ProviderErrorKind,
): boolean | undefined {
  const value = headers?.get("x-should-retry");
  if (value === "false") return false;
  if (value === "true" && !NEVER_RETRYABLE.has(kind)) return true;
  return undefined;
}
