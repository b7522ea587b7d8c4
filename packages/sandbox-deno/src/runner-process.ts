import { SandboxError } from "@rlm/core";
import type { ControlChannel, SendOptions } from "./control-channel.js";
import { type InboundMessage, parseInboundMessage } from "./inbound-message.js";

/** The runner's message of one type. */
export type RunnerMessage<T extends InboundMessage["type"]> = Extract<InboundMessage, { type: T }>;

export interface WaitForOptions<T extends InboundMessage["type"]> {
  abortSignal?: AbortSignal;
  timeoutMs?: number;
  /** Only a message this accepts ends the wait (a reply to one request, a cell's result). */
  match?: (message: RunnerMessage<T>) => boolean;
}

/** What a session holds a runner process for, while it waits on it (see `RunnerProcess.hold`). */
export type RunnerWork = "load" | "cell" | "request";

/**
 * One runner process as a session drives it, wherever it runs: a local Deno process
 * (`DenoProcess`) or one in a remote sandbox. Its messages have passed the control channel's
 * checks (signed with the process's key, parsed, size-capped) before `onMessage` sees them.
 */
export interface RunnerProcess {
  readonly alive: boolean;
  /** Why it was killed or died; undefined while it lives. */
  readonly deathReason: string | undefined;
  /** Sends one message (sealed with the process's key); nothing once it is dead. */
  send(message: Record<string, unknown>, options?: SendOptions): void;
  /** Calls `listener` with each message; returns the function that stops it. */
  onMessage(listener: (message: InboundMessage) => void): () => void;
  /** Waits for the first message of a type, failing if the process dies first. */
  waitFor<T extends InboundMessage["type"]>(
    type: T,
    options?: WaitForOptions<T>,
  ): Promise<RunnerMessage<T>>;
  /** Kills it at once, for `reason` (its `deathReason` from then on). */
  kill(reason: string): void;
  /** Kills it and removes what it leaves behind. Always reaps. */
  dispose(): Promise<void>;
  /**
   * Optional: the session waits on the process (a load, a cell or a variable request) until
   * the returned function is called; a local process keeps the host's event loop alive and
   * counts itself busy for its watchdog meanwhile.
   */
  hold?(work: RunnerWork): () => void;
}

/** The words a process's `waitFor` fails with: who did not answer, and who died. */
export interface WaitForWords {
  /** "The sandbox": "... did not answer within N ms." */
  sandbox: string;
  /** "The sandbox process": "... died: reason". */
  process: string;
}

/**
 * A runner process spoken to through a `ControlChannel`: its messages, checked and parsed,
 * go to the `onMessage` listeners (a `fatal` one kills it first), and `waitFor` awaits one.
 * A subclass starts the process, creates `channel` with `receive` as its `onMessage`, and
 * resolves `exited` when the process dies.
 */
export abstract class ChannelRunnerProcess implements RunnerProcess {
  /** Why it was killed or died; undefined while it lives. */
  deathReason: string | undefined;
  abstract readonly exited: Promise<void>;
  protected abstract readonly channel: ControlChannel;
  private readonly listeners = new Set<(message: InboundMessage) => void>();

  constructor(private readonly words: WaitForWords) {}

  get alive(): boolean {
    return this.deathReason === undefined;
  }

  abstract kill(reason: string): void;
  abstract dispose(): Promise<void>;

  /** One message from the control channel (its `onMessage`). */
  protected receive(raw: unknown): void {
    const message = parseInboundMessage(raw);
    if (!message) return;
    if (message.type === "fatal") this.kill(message.reason);
    for (const listener of this.listeners) listener(message);
  }

  onMessage(listener: (message: InboundMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(message: Record<string, unknown>, options?: SendOptions): void {
    if (this.alive) this.channel.send(message, options);
  }

  /** Waits for the first message of a type, failing if the process dies first. */
  waitFor<T extends InboundMessage["type"]>(
    type: T,
    options: WaitForOptions<T> = {},
  ): Promise<RunnerMessage<T>> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        unsubscribe();
        clearTimeout(timer);
        options.abortSignal?.removeEventListener("abort", onAbort);
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
        const typed = message as RunnerMessage<T>;
        if (options.match && !options.match(typed)) return;
        cleanup();
        resolve(typed);
      });
      const onAbort = () => {
        cleanup();
        reject(options.abortSignal?.reason ?? new Error("Aborted."));
      };
      options.abortSignal?.addEventListener("abort", onAbort, { once: true });
      const timer = options.timeoutMs
        ? setTimeout(() => {
            cleanup();
            reject(
              new SandboxError({
                message: `${this.words.sandbox} did not answer within ${options.timeoutMs} ms.`,
              }),
            );
          }, options.timeoutMs)
        : undefined;
      void this.exited.then(() => {
        cleanup();
        reject(new SandboxError({ message: `${this.words.process} died: ${this.deathReason}` }));
      });
    });
  }
}
