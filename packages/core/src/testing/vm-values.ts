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

/** Copies a value out of the vm realm as plain JSON-like data. */
export function toHostValue(value: unknown): unknown {
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
