import { availableParallelism, totalmem } from "node:os";
import type { SandboxLanguage } from "@rlm/core";

/**
 * Memory a live session is planned at: about twice what an idle one holds (measured RSS:
 * 63 MB for JavaScript, 220 MB for Python with Pyodide), for its context and working data.
 */
const PLANNED_SESSION_MB: Readonly<Record<SandboxLanguage, number>> = {
  javascript: 128,
  python: 512,
};

/** Sessions per CPU core: most of a session's life is waiting for its model. */
const SESSIONS_PER_CORE = 4;

/**
 * How many sessions this machine can keep alive at once: as many as half of its memory
 * holds at the planned size, and at most four per core; at least one.
 */
export function recommendedMaxSessions(options: {
  language: SandboxLanguage;
  totalMemoryBytes?: number;
  cores?: number;
}): number {
  const { language, totalMemoryBytes = totalmem(), cores = availableParallelism() } = options;
  const byMemory = Math.floor(totalMemoryBytes / 2 / (PLANNED_SESSION_MB[language] * 2 ** 20));
  return Math.max(1, Math.min(byMemory, SESSIONS_PER_CORE * cores));
}
