export type { SubCallCache, SubCallCacheEntry } from "../memo/sub-call-cache.js";
export type {
  SqliteSubCallCache,
  SqliteSubCallCacheOptions,
} from "./sqlite-sub-call-cache.js";
export { sqliteSubCallCache } from "./sqlite-sub-call-cache.js";
