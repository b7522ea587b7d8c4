/**
 * `deno run` with no prompt, no config, lock file, npm or remote modules, no downloads, and
 * every permission denied except what each caller then allows (reads, writes of one
 * directory). One list, so the sandbox and the helper processes that build its caches
 * cannot drift apart.
 *
 * ARCH: --no-npm / --no-remote / --cached-only are what stop `import("npm:…")` and
 * `import("https://…")` from downloading; --deny-net does not cover module loading.
 */
export const LOCKED_DOWN_RUN = [
  "run",
  "--no-prompt",
  "--no-config",
  "--no-lock",
  "--no-npm",
  "--no-remote",
  "--cached-only",
  "--deny-net",
  "--deny-env",
  "--deny-run",
  "--deny-ffi",
  "--deny-sys",
  "--deny-import",
] as const;

/**
 * The whole environment of a Deno process we start: no host variables (no API keys), no
 * update check, no package.json discovery, no colour codes, and its own DENO_DIR.
 */
export function lockedDownEnv(denoDir: string): Record<string, string> {
  return {
    DENO_DIR: denoDir,
    DENO_NO_UPDATE_CHECK: "1",
    DENO_NO_PACKAGE_JSON: "1",
    NO_COLOR: "1",
  };
}
