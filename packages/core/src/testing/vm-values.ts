/** How the vm sandbox moves values and errors out of its realm, and waits for a cell. */

export function settleWithin<T>(
  promise: Promise<T>,
  timeoutMs: number,
  abortSignal?: AbortSignal,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Cell timed out after ${timeoutMs} ms (variables were kept).`)),
      timeoutMs,
    );
    const onAbort = () => reject(abortSignal?.reason ?? new Error("Aborted."));
    abortSignal?.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      abortSignal?.removeEventListener("abort", onAbort);
    });
  });
}

/** A `Uint8Array` of any realm. */
export function isBytes(value: unknown): value is Uint8Array {
  return (
    ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === "[object Uint8Array]"
  );
}

/**
 * Copies a value between the vm realm and the host as plain JSON-like data, keeping byte
 * arrays as bytes: `makeBytes` builds them in the realm the value goes to (the host's
 * `Uint8Array` by default, the realm's own for values going in).
 */
export function toHostValue(
  value: unknown,
  makeBytes: (bytes: Uint8Array) => Uint8Array = (bytes) => new Uint8Array(bytes),
): unknown {
  if (isBytes(value)) return makeBytes(value);
  if (Array.isArray(value) && value.some(isBytes)) {
    return value.map((item) => (isBytes(item) ? makeBytes(item) : toHostValue(item)));
  }
  const json = finalJson(value);
  return json === undefined ? undefined : JSON.parse(json);
}

/** A value's JSON, or its string form when it has none (a cycle, a BigInt). */
export function finalJson(value: unknown): string | undefined {
  if (value === undefined || typeof value === "function") return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return JSON.stringify(String(value));
  }
}

export function formatError(error: unknown): string {
  if (error && typeof error === "object" && "message" in error) {
    const name = (error as { name?: unknown }).name;
    return `${typeof name === "string" ? name : "Error"}: ${String((error as { message: unknown }).message)}`;
  }
  return `Error: ${String(error)}`;
}
