import type { ResolvedMemoize } from "./memoize-option.js";
import type { SubCallCache, SubCallCacheEntry } from "./sub-call-cache.js";

/**
 * One run's memo of sub-call replies: the ones in flight or answered in this run, by key,
 * and which sub-calls were answered wholly from it. Failed calls are forgotten at once, so
 * they are never replayed.
 */
export class SubCallMemo {
  readonly withinRun: boolean;
  private readonly cache: SubCallCache | undefined;
  private readonly replies = new Map<string, Promise<SubCallCacheEntry>>();
  /** Per sub-call id: whether every model request it made so far was a hit. */
  private readonly answeredBySubcall = new Map<string, boolean>();

  constructor(settings: ResolvedMemoize) {
    this.withinRun = settings.withinRun;
    this.cache = settings.cache;
  }

  /** The reply of an identical request of this run, in flight or done. */
  shared(key: string): Promise<SubCallCacheEntry> | undefined {
    return this.withinRun ? this.replies.get(key) : undefined;
  }

  /** Makes `reply` the one identical requests of this run share, until it fails. */
  share(key: string, reply: Promise<SubCallCacheEntry>): void {
    // Forgets a failure, which also handles the rejection when nobody shares the reply.
    reply.catch(() => {
      if (this.replies.get(key) === reply) this.replies.delete(key);
    });
    if (this.withinRun) this.replies.set(key, reply);
  }

  /** A reply kept by an earlier run, if the cross-run cache has one. */
  async lookup(key: string): Promise<SubCallCacheEntry | undefined> {
    if (!this.cache) return undefined;
    try {
      return await this.cache.get(key);
    } catch (error) {
      throw new Error(
        `The sub-call cache could not be read: ${error instanceof Error ? error.message : String(error)}. Fix the cache (memoize.cache) or turn it off.`,
        { cause: error },
      );
    }
  }

  /**
   * Keeps a reply for later runs. A cache that fails to write costs only future hits, never
   * the reply already paid for, so the failure is not the sub-call's.
   */
  async store(key: string, entry: SubCallCacheEntry): Promise<void> {
    if (!this.cache) return;
    try {
      await this.cache.set(key, entry);
    } catch {
      // See above: the reply is returned whether or not it could be kept.
    }
  }

  /** Records how one model request of a sub-call was answered. */
  noteAnswer(subcallId: string | undefined, fromMemo: boolean): void {
    if (subcallId === undefined) return;
    this.answeredBySubcall.set(
      subcallId,
      (this.answeredBySubcall.get(subcallId) ?? true) && fromMemo,
    );
  }

  /** True when every model request of the sub-call was answered from the memo; forgets it. */
  takeAnsweredFromMemo(subcallId: string): boolean {
    const fromMemo = this.answeredBySubcall.get(subcallId) ?? false;
    this.answeredBySubcall.delete(subcallId);
    return fromMemo;
  }
}
