import type { DenoProcess } from "./deno-process.js";

/**
 * Keeps a few processes started and waiting for a context, so a run that opens many child
 * sessions (or a session restarted after a kill) does not wait for a cold start each time.
 * Idle processes are unreferenced: they never keep the host alive, and die with it.
 */
export class WarmPool {
  private readonly idle: Promise<DenoProcess>[] = [];
  private closed = false;

  constructor(
    private readonly start: () => Promise<DenoProcess>,
    private readonly size: number,
  ) {}

  /**
   * A started process: a warm one when available, otherwise a fresh one. It does not refill:
   * the caller calls `fill()` once the process is loaded, because a start-up (about 100 ms of
   * CPU on two threads) running beside the context load slowed the load down two- to threefold.
   */
  async acquire(): Promise<DenoProcess> {
    while (this.idle.length > 0) {
      const next = this.idle.shift() as Promise<DenoProcess>;
      const process = await next.catch(() => undefined);
      if (process?.alive) return process;
      await process?.dispose();
    }
    return this.start();
  }

  /** Starts processes until `size` are warm or warming. */
  fill(): void {
    while (!this.closed && this.idle.length < this.size) {
      const starting = this.start();
      starting.catch(() => undefined);
      this.idle.push(starting);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = this.idle.splice(0);
    await Promise.all(
      pending.map((starting) =>
        starting.then(
          (process) => process.dispose(),
          () => undefined,
        ),
      ),
    );
  }
}
