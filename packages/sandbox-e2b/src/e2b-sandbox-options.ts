import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { SandboxLanguage } from "@rlm/core";

/** Options of `e2bSandbox`. */
export interface E2BSandboxOptions {
  /** The E2B API key. Default: the `E2B_API_KEY` environment variable. */
  apiKey?: string;
  /**
   * The E2B template each session's sandbox starts from. It must provide Deno 2.x on the
   * `PATH` (or at `denoPath`); the README shows a template that does. Default `"rlm-deno"`.
   */
  template?: string;
  /** `"javascript"` (default) or `"python"` (Pyodide inside the same Deno runner). */
  language?: SandboxLanguage;
  /**
   * Python only: Pyodide's folder and its memory snapshot inside the template, baked in so a
   * session uploads nothing large. Without it each session uploads the host's `pyodide`
   * package (14 MB) and its snapshot (about 30 MB, built once on the host into `cacheDir`).
   */
  pyodide?: { directory: string; snapshotPath: string };
  /** Python only: where the host keeps the Pyodide snapshot it builds. Default: `@rlm/sandbox-deno`'s cache folder. */
  cacheDir?: string;
  /** The Deno executable inside the sandbox. Default `"deno"`. */
  denoPath?: string;
  /**
   * How long a remote sandbox may live, in ms; E2B kills it then, and the next cell starts a
   * new one with every variable but `context` lost. Default 1 hour (E2B's cap on the free tier).
   */
  sandboxTimeoutMs?: number;
  /**
   * Whether the remote sandbox may reach the internet. Default `false`: the runner needs no
   * network (Deno denies it too), so a sandbox without it is one wall more.
   */
  allowInternetAccess?: boolean;
  /**
   * Sandboxes a run keeps alive at once (its `maxLiveSessions` unless the run sets one): each
   * session is a billed sandbox, and E2B caps concurrent sandboxes per plan. Default 20, the
   * Hobby plan's cap.
   */
  maxConcurrentSandboxes?: number;
  /** A cell's time limit when the caller gives none, in ms. Default 120,000. */
  defaultTimeoutMs?: number;
  /** How long starting a remote sandbox, uploading and loading the context may take, in ms. Default 120,000. */
  startTimeoutMs?: number;
  /** Characters of a cell's output the model sees. Default 100,000. */
  maxOutputChars?: number;
  /** The V8 heap of the REPL's worker, in MB. Default 2048. */
  heapMb?: number;
  /** Bytes of one context string (or of the context's JSON). Default 256 MB. */
  maxContextBytes?: number;
  /** Bytes of a context list in all. Default 1024 MB. */
  maxContextListBytes?: number;
  /** Sub-calls one cell may start; over the run's `subCallLimits`. Default: the run's, else 2,000. */
  maxSubCallsPerCell?: number;
  /** Sub-calls of one cell in flight at once. Default: the run's `maxConcurrency`, else 16. */
  maxSubCallsInFlight?: number;
  /** Characters of one sub-call prompt. Default: the run's, else 4,000,000. */
  maxPromptChars?: number;
  /**
   * Where the E2B API is (`E2B_API_URL`, else `https://api.<domain>`). For a self-hosted E2B
   * or a test server.
   */
  apiUrl?: string;
  /** Where every sandbox's envd is (`E2B_SANDBOX_URL`), instead of one host per sandbox. */
  sandboxUrl?: string;
  /** The E2B domain (`E2B_DOMAIN`, default `e2b.app`). */
  domain?: string;
  /** The SDK's time limit on one request to E2B, in ms. Default: the SDK's (60,000). */
  requestTimeoutMs?: number;
}

/** Options that stay unset unless given: the SDK's or the run's defaults apply. */
type PassedThrough =
  | "apiKey"
  | "apiUrl"
  | "sandboxUrl"
  | "domain"
  | "requestTimeoutMs"
  | "maxSubCallsPerCell"
  | "maxSubCallsInFlight"
  | "maxPromptChars"
  | "pyodide";

export type ResolvedE2BSandboxOptions = Required<Omit<E2BSandboxOptions, PassedThrough>> &
  Pick<E2BSandboxOptions, PassedThrough>;

const MB = 1024 * 1024;

export function resolveOptions(options: E2BSandboxOptions): ResolvedE2BSandboxOptions {
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return {
    ...options,
    cacheDir: resolve(options.cacheDir ?? join(cacheHome, "rlm-sandbox-deno")),
    template: options.template ?? "rlm-deno",
    language: options.language ?? "javascript",
    denoPath: options.denoPath ?? "deno",
    sandboxTimeoutMs: options.sandboxTimeoutMs ?? 60 * 60 * 1000,
    allowInternetAccess: options.allowInternetAccess ?? false,
    maxConcurrentSandboxes: options.maxConcurrentSandboxes ?? 20,
    defaultTimeoutMs: options.defaultTimeoutMs ?? 120_000,
    startTimeoutMs: options.startTimeoutMs ?? 120_000,
    maxOutputChars: options.maxOutputChars ?? 100_000,
    heapMb: options.heapMb ?? 2048,
    maxContextBytes: options.maxContextBytes ?? 256 * MB,
    maxContextListBytes: options.maxContextListBytes ?? 1024 * MB,
  };
}
