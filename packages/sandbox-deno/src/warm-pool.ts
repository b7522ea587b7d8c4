import { availableParallelism } from "node:os";
import type { DenoProcess } from "./deno-process.js";

/**
 * Keeps a few processes started and waiting for a context, so a run that opens many child
 * sessions (or a session restarted after a kill) does not wait for a cold start each time.
 * Idle processes are unreferenced: they never keep the host alive, and die with it.
 */
export class WarmPool {
  private readonly idle: Promise<DenoProcess>[] = [];
  private closed = false;
  /** Refill starts under way. */
  private refilling = 0;
  /** Cells running in the sessions this pool serves (`hold`/`release`). */
  private cellsRunning = 0;
  /** A refill was due while cells ran: it starts when the last one ends. */
  private fillWhenIdle = false;
  private quietTimer: NodeJS.Timeout | undefined;
  /** When a process was last asked for (performance.now()). */
  private lastAskedAt = Number.NEGATIVE_INFINITY;
  /** How long no process must be asked for before the pool refills. */
  private static readonly quietMs = 500;
  /** Refill starts at once: half the cores, at least one. */
  private static readonly startsAtOnce = Math.max(1, Math.floor(availableParallelism() / 2));

  constructor(
    private readonly start: () => Promise<DenoProcess>,
    private readonly size: number,
  ) {}

  /**
   * A started process: a warm one when available, otherwise a fresh one. It does not refill:
   * the caller calls `fillWhenQuiet()` once the process is loaded, because a start-up (about
   * 100 ms of CPU on two threads) running beside the context load slowed the load down two-
   * to threefold.
   */
  async acquire(): Promise<DenoProcess> {
    this.lastAskedAt = performance.now();
    while (this.idle.length > 0) {
      const next = this.idle.shift() as Promise<DenoProcess>;
      const process = await next.catch(() => undefined);
      if (process?.alive) return process;
      await process?.dispose();
    }
    return this.start();
  }

  /**
   * Refills once no process has been asked for in `quietMs`, or when a session closes (see
   * `fill`). A burst of child sessions (fifty `rlm_query` calls at once) takes its processes
   * and then runs for a while; starting their replacements meanwhile (about 100 ms of CPU
   * each on two threads) made every child in the burst two to three times slower.
   */
  fillWhenQuiet(quietMs = WarmPool.quietMs): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.fill(), quietMs);
    this.quietTimer.unref();
  }

  /**
   * Starts processes until `size` are warm or warming, a few at a time: fifty starts at
   * once starved the host and the sessions in use for seconds. Each start after the first
   * few waits, like `fillWhenQuiet`, until no process has been asked for in `quietMs`, so a
   * refill begun by a closing session does not run on beside a new burst.
   */
  fill(): void {
    clearTimeout(this.quietTimer);
    if (this.cellsRunning > 0) {
      this.fillWhenIdle = true;
      return;
    }
    while (!this.closed && this.idle.length < this.size && this.refilling < WarmPool.startsAtOnce) {
      this.refilling++;
      const starting = this.start();
      this.idle.push(starting);
      starting
        .catch(() => undefined)
        .finally(() => {
          this.refilling--;
          const sinceAsked = performance.now() - this.lastAskedAt;
          if (sinceAsked < WarmPool.quietMs) this.fillWhenQuiet(WarmPool.quietMs - sinceAsked);
          else this.fill();
        });
    }
  }

  /**
   * A cell started in one of the pool's sessions: no refill starts until every such cell has
   * ended. A fan-out's cell spends its time on the host's requests and its sandbox's
   * answers; a start beside it (about 100 ms of CPU on two threads) took a tenth of that
   * run's CPU, and fifty child sessions' cells ran slower beside a refill.
   */
  hold(): void {
    this.cellsRunning++;
  }

  /** A cell that `hold` counted ended; the last one to end starts a refill that was due. */
  release(): void {
    if (this.cellsRunning > 0) this.cellsRunning--;
    if (this.cellsRunning > 0 || !this.fillWhenIdle) return;
    this.fillWhenIdle = false;
    this.fill();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.quietTimer);
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
