/** Sessions per CPU core when the sandbox recommends no number: most of a session's life is waiting for its model. */
const SESSIONS_PER_CORE = 4;

/**
 * The default cap on live sandbox sessions: what the sandbox says this machine can hold,
 * else four per core (`navigator.hardwareConcurrency`, which Node, Deno, Bun and browsers
 * share), and never below `maxDepth + 1`, the least with which nested fan-out cannot deadlock.
 */
export function defaultMaxLiveSessions(options: {
  maxDepth: number;
  recommended: number | undefined;
}): number {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 4;
  const machine = options.recommended ?? SESSIONS_PER_CORE * cores;
  return Math.max(options.maxDepth + 1, Math.floor(machine));
}
