import { type ChildProcess, spawn } from "node:child_process";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import type { SandboxLanguage } from "@rlm/core";
import { MAX_FINAL_JSON_CHARS } from "@rlm/core";
import { ControlChannel } from "./control-channel.js";
import { LOCKED_DOWN_RUN, lockedDownEnv } from "./deno-run-flags.js";
import { inheritedDescriptorStdio } from "./inherited-descriptors.js";
import { startWatchdog } from "./process-watchdog.js";
import { ChannelRunnerProcess, type RunnerWork } from "./runner-process.js";
import {
  createSessionFiles,
  removeAllSessionFilesSync,
  removeSessionFiles,
  type SessionFiles,
} from "./session-files.js";

const RUNNER_PATH = fileURLToPath(new URL("../runner/main.js", import.meta.url));

export interface DenoProcessOptions {
  denoPath: string;
  language: SandboxLanguage;
  heapMb: number;
  maxRssMb: number;
  maxRawOutputBytes: number;
  maxDenoDirBytes: number;
  maxOutputChars: number;
  /** Python only: the Pyodide directory and the memory snapshot the process may read. */
  pyodide?: { directory: string; snapshotPath: string };
  /** A DENO_DIR whose caches are copied into this process's own (see `ensureCodeCache`). */
  denoDirSeed?: string;
}

/** Every live process, so none outlives the host even if a session is never closed. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  live.add(child);
  child.once("exit", () => live.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const each of live) each.kill("SIGKILL");
    // A script that never closed its sandbox would leave a folder per session in tmpdir.
    removeAllSessionFilesSync();
  });
}

/** The host's handle on one Deno process: spawn, messages, limits, kill, cleanup. */
export class DenoProcess extends ChannelRunnerProcess {
  readonly files: SessionFiles;
  readonly exited: Promise<void>;
  /** Cells or loads in progress; the idle CPU watchdog applies when zero. */
  private busy = 0;
  /** Whether the runner has reported `started`; until then the watchdog counts it as busy. */
  private started = false;
  /** How many cells or loads have started: the watchdog sees every one, however short. */
  private busyStarts = 0;
  private readonly child: ChildProcess;
  protected readonly channel: ControlChannel;
  private readonly stopWatchdog: () => void;
  private rawBytes = 0;
  private stderrTail = "";
  private refs = 0;

  constructor(options: DenoProcessOptions) {
    super({ sandbox: "The sandbox", process: "The sandbox process" });
    this.files = createSessionFiles({ denoDirSeed: options.denoDirSeed });
    const reads = [this.files.contextPath];
    if (options.pyodide) reads.push(options.pyodide.directory, options.pyodide.snapshotPath);
    const config = {
      language: options.language,
      heapMb: options.heapMb,
      maxOutputChars: options.maxOutputChars,
      maxFinalChars: MAX_FINAL_JSON_CHARS,
      contextPath: this.files.contextPath,
      ...(options.pyodide ?? {}),
    };
    this.child = spawn(
      options.denoPath,
      [
        ...LOCKED_DOWN_RUN,
        "--deny-write",
        `--v8-flags=--max-old-space-size=${options.heapMb}`,
        `--allow-read=${reads.join(",")}`,
        RUNNER_PATH,
        JSON.stringify(config),
      ],
      {
        cwd: this.files.workDir,
        // fd 3 is the control channel (see ControlChannel): Deno's `process.send()` writes
        // Node's IPC wire format there, which the host parses itself.
        env: {
          ...lockedDownEnv(this.files.denoDir),
          NODE_CHANNEL_FD: "3",
          NODE_CHANNEL_SERIALIZATION_MODE: "json",
        },
        stdio: ["ignore", "pipe", "pipe", "pipe", ...inheritedDescriptorStdio()],
      },
    );
    track(this.child);
    this.onMessage((message) => {
      if (message.type === "started") this.started = true;
    });
    this.channel = new ControlChannel(this.child.stdio[3] as Socket, {
      onMessage: (raw) => this.receive(raw),
      onViolation: (reason) => this.kill(reason),
    });
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.stopWatchdog?.();
        this.deathReason ??= `the process exited (${signal ?? `code ${code}`})${this.stderrTail ? `: ${this.stderrTail.trim().slice(-500)}` : ""}`;
        resolve();
      });
      this.child.once("error", (error) => {
        this.deathReason ??= `the process could not start: ${error.message}`;
        resolve();
      });
    });
    // stdout and stderr are untrusted logs: counted, capped, never parsed as protocol.
    const onOutput = (chunk: Buffer, isError: boolean) => {
      this.rawBytes += chunk.length;
      if (isError) this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-2000);
      if (this.rawBytes > options.maxRawOutputBytes) {
        this.kill(`it wrote more than ${options.maxRawOutputBytes} bytes to stdout/stderr`);
      }
    };
    this.child.stdout?.on("data", (chunk: Buffer) => onOutput(chunk, false));
    this.child.stderr?.on("data", (chunk: Buffer) => onOutput(chunk, true));
    this.stopWatchdog = startWatchdog({
      pid: this.child.pid ?? -1,
      denoDir: this.files.denoDir,
      maxRssMb: options.maxRssMb,
      maxDenoDirBytes: options.maxDenoDirBytes,
      hasStarted: () => this.started,
      isBusy: () => this.busy > 0,
      busyStarts: () => this.busyStarts,
      onViolation: (reason) => this.kill(reason),
    });
    this.unref();
  }

  /**
   * Keeps the host's event loop alive while the session waits on this process; a load or a
   * cell makes it busy for the watchdog, and a cell counts its raw output from zero.
   */
  hold(work: RunnerWork): () => void {
    const busy = work !== "request";
    if (busy) {
      this.busy++;
      this.busyStarts++;
    }
    if (work === "cell") this.rawBytes = 0;
    this.ref();
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (busy) this.busy--;
      this.unref();
    };
  }

  kill(reason: string): void {
    this.deathReason ??= reason;
    this.child.kill("SIGKILL");
  }

  /** Keeps the host's event loop alive while the session waits on this process. */
  ref(): void {
    if (this.refs++ === 0) {
      this.child.ref();
      for (const handle of this.handles()) handle?.ref?.();
    }
  }

  unref(): void {
    if (this.refs > 0) this.refs--;
    if (this.refs === 0) {
      this.child.unref();
      for (const handle of this.handles()) handle?.unref?.();
    }
  }

  private handles(): ({ ref?: () => void; unref?: () => void } | null | undefined)[] {
    return [this.channel, this.child.stdout, this.child.stderr] as {
      ref?: () => void;
      unref?: () => void;
    }[];
  }

  /** Kills the process, waits for it to exit and removes its files. Always reaps. */
  async dispose(): Promise<void> {
    this.stopWatchdog();
    await this.terminate("the session was closed");
    await removeSessionFiles(this.files);
  }

  /**
   * Kills the process and waits for it to exit, its files left in place.
   *
   * ARCH: referenced while waiting. An idle process is unreferenced, and without this a
   * script whose last step awaits a close (or a whole `rlm.complete()`, which waits for its
   * sessions) saw Node exit first, with code 13 and no result.
   */
  async terminate(reason: string): Promise<void> {
    this.kill(reason);
    this.ref();
    await this.exited;
  }
}
