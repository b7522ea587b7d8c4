import type { Socket } from "node:net";
import { ChannelRunnerProcess, ControlChannel } from "@rlm/sandbox-deno/runner-protocol";
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
export class RemoteRunner extends ChannelRunnerProcess {
  readonly exited: Promise<void>;
  private markExited!: () => void;
  private readonly stdio: RemoteStdio;
  protected readonly channel: ControlChannel;
  private handle: CommandHandle | undefined;
  private stderrTail = "";

  private constructor(private readonly sandbox: E2BInstance) {
    super({ sandbox: "The remote sandbox", process: "The remote runner" });
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
      onMessage: (raw) => this.receive(raw),
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

  /** The exit code 127 of a shell: the command (Deno) was not found. */
  get commandNotFound(): boolean {
    return /code 127\)|command not found|No such file/.test(this.deathReason ?? "");
  }

  /** Marks it dead at once and kills the remote process (a sandbox already gone is fine). */
  kill(reason: string): void {
    if (!this.alive) return;
    this.died(reason);
    const pid = this.handle?.pid;
    if (pid !== undefined) void this.sandbox.commands.kill(pid).catch(() => false);
  }

  /** Kills it; the remote sandbox, with the runner's files, is the session's to kill. */
  async dispose(): Promise<void> {
    this.kill("the session was closed");
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
