/**
 * A sandbox's own caps on one cell's sub-calls (`SandboxSessionOptions.subCallLimits`): how
 * many it may make, and how many may be in flight at once (the rest wait their turn). Closing
 * the gate at the end of the cell rejects whatever still waits, so calls from escaped timers
 * never reach the host. For `Sandbox` implementations: one gate per cell.
 */
export class SubCallGate {
  private started = 0;
  private inFlight = 0;
  private closed = false;
  private readonly waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(private readonly limits: { maxPerCell: number; maxInFlight: number }) {}

  /** Counts a call against the per-cell cap and waits for an in-flight slot. */
  async enter(): Promise<void> {
    if (this.closed) throw new Error("The cell has ended; sub-calls are no longer accepted.");
    if (this.started >= this.limits.maxPerCell) {
      throw new Error(
        `Sub-call limit reached: at most ${this.limits.maxPerCell} llm_query / rlm_query / tool calls per cell.`,
      );
    }
    this.started++;
    if (this.inFlight < this.limits.maxInFlight) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  leave(): void {
    const next = this.waiting.shift();
    if (next) next.resolve();
    else this.inFlight--;
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) {
      waiter.reject(new Error("The cell has ended; sub-calls are no longer accepted."));
    }
  }
}
