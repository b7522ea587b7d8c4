/** Limits how many tasks hold a slot at once; waiters are served first come, first served. */
export class Semaphore {
  private available: number;
  private readonly waiters: { resolve: () => void; reject: (reason: unknown) => void }[] = [];

  constructor(slots: number) {
    this.available = slots;
  }

  async acquire(abortSignal?: AbortSignal): Promise<() => void> {
    abortSignal?.throwIfAborted();
    if (this.available > 0) {
      this.available--;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          abortSignal?.removeEventListener("abort", onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(abortSignal?.reason);
      };
      abortSignal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.resolve();
      else this.available++;
    };
  }
}
