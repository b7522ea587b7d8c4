import type { SandboxLanguage } from "@rlm/core";

export interface DenoSandboxOptions {
  /** Default "javascript". "python" runs Pyodide inside the same Deno sandbox. */
  language?: SandboxLanguage;
  /** The Deno executable. Defaults to the binary inside the installed `deno` npm package. */
  denoPath?: string;
  /** V8 heap cap of the process and of the worker running model code, in MB. Default 2048. */
  heapMb?: number;
  /** Resident memory of the whole process (ArrayBuffers and WASM included), in MB. Default 4096. */
  maxRssMb?: number;
  /** Largest single string (or JSON context) in bytes. Default 256 MiB. */
  maxContextBytes?: number;
  /** Largest list-of-strings context in bytes, all items together. Default 1 GiB. */
  maxContextListBytes?: number;
  /** Characters of `console.log` / `print` output kept per cell. Default 100,000. */
  maxOutputChars?: number;
  /** Raw bytes the process may write to stdout + stderr per cell before it is killed. Default 1 MiB. */
  maxRawOutputBytes?: number;
  /** Per-cell time limit when `execute` is given none. Default 120 s. */
  defaultTimeoutMs?: number;
  /** Sub-calls one cell may start, the rest refused in the cell; defaults to the session's `subCallLimits.maxPerCell`, else 2,000 (a 256 MB context in 200,000-character slices is about 1,300). The run's `maxSubCalls` is counted by core. */
  maxSubCallsPerCell?: number;
  /** Sub-calls in flight at once per cell (calls left running by an ended cell are aborted through their signal); defaults to the run's `maxConcurrency`, else 16. */
  maxSubCallsInFlight?: number;
  /** Characters of one `llm_query` / `rlm_query` prompt; defaults to the run's `maxPromptChars`, else 4,000,000. */
  maxPromptChars?: number;
  /**
   * Processes kept started and waiting for a context. Default 2; 0 turns the pool off. The
   * pool refills a process or so at a time, once no session has been opened for 500 ms or
   * when a session closes, so a burst of child sessions does not compete with the starts;
   * and never while a cell runs (a fan-out's sub-calls, child sessions' cells): a refill due
   * then starts when the last running cell ends.
   */
  warmSessions?: number;
  /**
   * Where the Pyodide memory snapshot and the Deno code cache new processes start from are
   * kept. Default `$XDG_CACHE_HOME/rlm-sandbox-deno` or `~/.cache/rlm-sandbox-deno`. Code
   * caches no sandbox has used for 30 days are removed when a new one is built.
   */
  cacheDir?: string;
  /** Bytes the per-session DENO_DIR may grow to before the process is killed. Default 64 MiB. */
  maxDenoDirBytes?: number;
}

export type ResolvedDenoSandboxOptions = Required<
  Omit<DenoSandboxOptions, "maxSubCallsPerCell" | "maxSubCallsInFlight" | "maxPromptChars">
> &
  Pick<DenoSandboxOptions, "maxSubCallsPerCell" | "maxSubCallsInFlight" | "maxPromptChars">;
