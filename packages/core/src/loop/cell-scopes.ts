/**
 * The abort signal of each running cell. What a cell starts (sub-calls, child RLMs, host
 * tool calls) runs under its cell's signal, so it stops when the cell ends, however it ends
 * (timeout, error, FINAL): nothing a cell started outlives it or is attributed to a later one.
 */
export class CellScopes {
  private readonly running = new Map<string, AbortController>();

  /** Opens the scope of a cell about to run; it also aborts when `parent` does. */
  begin(cellId: string, parent: AbortSignal): void {
    const controller = new AbortController();
    const onParentAbort = () => controller.abort(parent.reason);
    if (parent.aborted) onParentAbort();
    else {
      parent.addEventListener("abort", onParentAbort, { once: true });
      controller.signal.addEventListener(
        "abort",
        () => parent.removeEventListener("abort", onParentAbort),
        { once: true },
      );
    }
    this.running.set(cellId, controller);
  }

  /** Ends the cell: everything still running under its signal is aborted. */
  end(cellId: string): void {
    const controller = this.running.get(cellId);
    this.running.delete(cellId);
    controller?.abort(new DOMException(`Cell ${cellId} has ended.`, "AbortError"));
  }

  /** The running cell's signal; throws for a cell that has ended or never ran. */
  signalOf(cellId: string): AbortSignal {
    const controller = this.running.get(cellId);
    if (!controller) throw new Error(`Cell ${cellId} has ended: a call it made is refused.`);
    return controller.signal;
  }
}
