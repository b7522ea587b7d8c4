/**
 * The run-wide cap on live sandbox sessions, shared by every depth without deadlock.
 *
 * A node holds its slot while it awaits its children, so a plain semaphore could be filled
 * by parents that all wait for children that can never start. Instead, the last slots are
 * kept for the deeper levels: a node at depth `d` takes a slot only if at least
 * `maxDepth - d` slots stay free after it, one for each level that may still be below it.
 * A node at `maxDepth` starts no children and always finishes. Whenever the deepest nodes
 * that hold slots are waiting for a child, at least one slot is free for that child (the
 * last node that took a slot left enough behind), so some node can always make progress.
 * That needs `capacity >= maxDepth + 1`, which `createRLM` checks.
 */
export class SessionSlots {
  private live = 0;
  private readonly waiters: { depth: number; grant: () => void }[] = [];

  constructor(
    readonly capacity: number,
    private readonly maxDepth: number,
  ) {}

  /** Sessions holding a slot now. */
  get liveSessions(): number {
    return this.live;
  }

  /** Takes a slot at once, if a node at `depth` may have one now. */
  tryAcquire(depth: number): (() => void) | undefined {
    if (!this.fits(depth)) return undefined;
    this.live++;
    return this.releaser();
  }

  /** Waits for a slot; rejects with the signal's reason if it aborts first. */
  acquire(depth: number, abortSignal: AbortSignal): Promise<() => void> {
    const now = this.tryAcquire(depth);
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const waiter = {
        depth,
        grant: () => {
          abortSignal.removeEventListener("abort", onAbort);
          resolve(this.releaser());
        },
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(abortSignal.reason);
      };
      if (abortSignal.aborted) return reject(abortSignal.reason);
      abortSignal.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private fits(depth: number): boolean {
    const keptForDeeperLevels = Math.max(0, this.maxDepth - depth);
    return this.capacity - this.live - 1 >= keptForDeeperLevels;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.live--;
      this.grantWaiters();
    };
  }

  /** Serves waiters in arrival order, skipping those whose depth may not take a slot yet. */
  private grantWaiters(): void {
    for (let index = 0; index < this.waiters.length; ) {
      const waiter = this.waiters[index] as (typeof this.waiters)[number];
      if (!this.fits(waiter.depth)) {
        index++;
        continue;
      }
      this.waiters.splice(index, 1);
      this.live++;
      waiter.grant();
    }
  }
}
