import type { FinishReason } from "../model/message.js";
import type { Usage } from "../usage/usage.js";

/** A sub-call's reply as a cache keeps it. */
export interface SubCallCacheEntry {
  /** The reply's text (for a request with a response format, its JSON text). */
  text: string;
  /** What the original call used; a hit spends nothing. */
  usage: Usage;
  /** What the original call cost, when its price was known. */
  costUsd?: number;
  /** The model that answered (the provider's response model, else the requested one). */
  modelId: string;
  /** Why the model stopped; read as `"stop"` when absent. */
  finishReason?: FinishReason;
  /** Epoch milliseconds at which the reply was stored. */
  createdAt: number;
}

/**
 * Where memoised sub-call replies are kept across runs (`createRLM({ memoize: { cache } })`).
 * Keys are opaque strings (a SHA-256 of the request); only successful replies are stored.
 * Either method may be synchronous or return a promise.
 */
export interface SubCallCache {
  get(key: string): Promise<SubCallCacheEntry | undefined> | SubCallCacheEntry | undefined;
  set(key: string, entry: SubCallCacheEntry): Promise<void> | void;
}

/**
 * A cache held in this process's memory, shared by every run of the RLMs given it. Holds at
 * most `maxEntries` replies (default 10,000); past that the least recently used go first.
 */
export function inMemorySubCallCache(options: { maxEntries?: number } = {}): SubCallCache {
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(
      `inMemorySubCallCache: \`maxEntries\` must be an integer >= 1, got ${maxEntries}.`,
    );
  }
  // A Map iterates in insertion order: re-inserting on every read keeps the oldest first.
  const entries = new Map<string, SubCallCacheEntry>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    },
    set(key, entry) {
      entries.delete(key);
      entries.set(key, entry);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
    },
  };
}
