import { ConfigurationError } from "../errors/configuration-error.js";
import type { SubCallCache } from "./sub-call-cache.js";

/**
 * `createRLM({ memoize })`: answer identical sub-calls once. `true` memoises within each run;
 * `{ cache }` also keeps replies across runs in `cache` (`withinRun` defaults to `true`).
 * Off by default: see the package README, "Memoised sub-calls".
 */
export type MemoizeOption = boolean | { withinRun?: boolean; cache?: SubCallCache };

/** Memoisation as a run applies it; `undefined` when it is off. */
export interface ResolvedMemoize {
  /** Identical sub-calls of one run share one reply (in flight or done). */
  withinRun: boolean;
  /** Replies kept across runs. */
  cache: SubCallCache | undefined;
}

/** Checks `memoize` and applies its defaults. */
export function resolveMemoize(option: MemoizeOption | undefined): ResolvedMemoize | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return { withinRun: true, cache: undefined };
  if (typeof option !== "object" || option === null) {
    throw new ConfigurationError({
      message: `\`memoize\` must be a boolean or { withinRun?, cache? }, got ${typeof option}.`,
    });
  }
  const { cache } = option;
  if (
    cache !== undefined &&
    (typeof cache?.get !== "function" || typeof cache?.set !== "function")
  ) {
    throw new ConfigurationError({
      message:
        "`memoize.cache` must have `get(key)` and `set(key, entry)` methods, e.g. inMemorySubCallCache() or sqliteSubCallCache({ path }) from @rlm/core/sqlite-cache.",
    });
  }
  const withinRun = option.withinRun ?? true;
  if (!withinRun && !cache) return undefined;
  return { withinRun, cache };
}
