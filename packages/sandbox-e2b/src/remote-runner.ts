import type { Socket } from "node:net";
import { SandboxError } from "@rlm/core";
import {
  ControlChannel,
  type InboundMessage,
  parseInboundMessage,
} from "@rlm/sandbox-deno/runner-protocol";
import type { CommandHandle, Sandbox as E2BInstance } from "e2b";
import { RemoteStdio } from "./remote-stdio.js";

export interface RemoteRunnerStart {
  sandbox: E2BInstance;
  /** The shell command that starts the runner (`exec deno run ...`). */
  command: string;
  envs: Record<string, string>;
  cwd: string;
}

/**
 * One runner process in a remote sandbox, spoken to over its stdin and stdout with the same
 * signed, sealed frames as a local Deno process's control channel.
 */
export class RemoteRunner {
  /** Why it was killed or died; undefined while it lives. */
  deathReason: string | undefined;
  readonly exited: Promise<void>;
  private markExited!: () => void;
  private readonly listeners = new Set<(message: InboundMessage) => void>();
  private readonly stdio: RemoteStdio;
  private readonly channel: ControlChannel;
  private handle: CommandHandle | undefined;
  private stderrTail = "";

  private constructor(private readonly sandbox: E2BInstance) {
    this.exited = new Promise((resolve) => {
      this.markExited = resolve;
    });
    this.stdio = new RemoteStdio((data) => {
      const pid = this.handle?.pid;
      if (pid === undefined) return Promise.reject(new Error("The runner has not started."));
      return sandbox.commands.sendStdin(pid, data, { requestTimeoutMs: 0 });
    });
    // ARCH: frames written before the process exists wait in the stream until `start` has
    // its pid (the stream is corked), then go out in order, the key first.
    this.stdio.cork();
    this.channel = new ControlChannel(this.stdio as unknown as Socket, {
      onMessage: (raw) => {
        const message = parseInboundMessage(raw);
        if (!message) return;
        if (message.type === "fatal") this.kill(message.reason);
        for (const listener of this.listeners) listener(message);
      },
      onViolation: (reason) => this.kill(reason),
    });
    this.stdio.on("error", (error) =>
      this.died(`its stdin could not be written: ${error.message}`),
    );
  }

  /** Starts the process; the runner's `started` is awaited with `waitFor`. */
  static async start(options: RemoteRunnerStart): Promise<RemoteRunner> {
    const runner = new RemoteRunner(options.sandbox);
    const handle = await options.sandbox.commands.run(options.command, {
      background: true,
      stdin: true,
      envs: options.envs,
      cwd: options.cwd,
      // The runner lives as long as the session: no limit on the stream.
      timeoutMs: 0,
      onStdout: (text) => runner.stdio.receive(text),
      onStderr: (text) => {
        runner.stderrTail = (runner.stderrTail + text).slice(-2000);
      },
    });
    runner.handle = handle;
    runner.stdio.uncork();
    handle.wait().then(
      (result) => runner.died(`the runner exited (code ${result.exitCode})${runner.stderr()}`),
      (error: { exitCode?: number; message?: string }) =>
        runner.died(
          error.exitCode !== undefined
            ? `the runner exited (code ${error.exitCode})${runner.stderr()}`
            : `the connection to the E2B sandbox was lost (${error.message})`,
        ),
    );
    return runner;
  }

  get alive(): boolean {
    return this.deathReason === undefined;
  }

  /** The exit code 127 of a shell: the command (Deno) was not found. */
  get commandNotFound(): boolean {
    return /code 127\)|command not found|No such file/.test(this.deathReason ?? "");
  }

  onMessage(listener: (message: InboundMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(message: Record<string, unknown>): void {
    if (this.alive) this.channel.send(message);
  }

  /** Waits for the first message of a type, failing if the runner dies first. */
  waitFor<T extends InboundMessage["type"]>(
    type: T,
    options: {
      timeoutMs?: number;
      match?: (message: Extract<InboundMessage, { type: T }>) => boolean;
    } = {},
  ): Promise<Extract<InboundMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        unsubscribe();
        clearTimeout(timer);
      };
      const unsubscribe = this.onMessage((message) => {
        if (message.type === "load-error" && type === "ready") {
          cleanup();
          reject(
            new SandboxError({
              message: `The sandbox could not load the context: ${message.error}`,
            }),
          );
        }
        if (message.type !== type) return;
        const typed = message as Extract<InboundMessage, { type: T }>;
        if (options.match && !options.match(typed)) return;
        cleanup();
        resolve(typed);
      });
      const timer = options.timeoutMs
        ? setTimeout(() => {
            cleanup();
            reject(
              new SandboxError({
                message: `The remote sandbox did not answer within ${options.timeoutMs} ms.`,
              }),
            );
          }, options.timeoutMs)
        : undefined;
      void this.exited.then(() => {
        cleanup();
        reject(new SandboxError({ message: `The remote runner died: ${this.deathReason}` }));
      });
    });
  }

  /** Marks it dead at once and kills the remote process (a sandbox already gone is fine). */
  kill(reason: string): void {
    if (!this.alive) return;
    this.died(reason);
    const pid = this.handle?.pid;
    if (pid !== undefined) void this.sandbox.commands.kill(pid).catch(() => false);
  }

  private died(reason: string): void {
    this.deathReason ??= reason;
    this.channel.close();
    this.markExited();
  }

  private stderr(): string {
    const tail = this.stderrTail.trim().slice(-500);
    return tail ? `: ${tail}` : "";
  }
}
