import type { SandboxSession } from "../sandbox/sandbox.js";
import type { RunState } from "./run-state.js";
import { unlessStopped } from "./unless-stopped.js";

/**
 * A node's sandbox session while it starts. The node's first model turn needs no sandbox,
 * so it is asked meanwhile and the start (a process, a context load) costs no wall time.
 * When the start fails, `failedSignal` aborts that turn, so no one pays for a reply that
 * could never run.
 */
export class StartingSession {
  private readonly failure = new AbortController();
  private session: SandboxSession | undefined;
  private closed = false;

  constructor(
    private readonly run: RunState,
    private readonly starting: Promise<SandboxSession>,
  ) {
    starting.then(
      (session) => {
        this.session = session;
        if (this.closed) session.close().catch(() => undefined);
      },
      (error: unknown) => this.failure.abort(error),
    );
  }

  /** Aborted, with the start's error as its reason, when the start fails. */
  get failedSignal(): AbortSignal {
    return this.failure.signal;
  }

  /** The start's error, once it has failed. */
  get startError(): unknown {
    return this.failure.signal.aborted ? this.failure.signal.reason : undefined;
  }

  /** The started session; rejects with the start's error, or at once when the run stops. */
  ready(): Promise<SandboxSession> {
    // A session that starts after the run stopped is closed by `close()`.
    return unlessStopped(this.run, this.starting, () => undefined);
  }

  /** Closes the session now, or as soon as it has started; never waits for a start. */
  async close(): Promise<void> {
    this.closed = true;
    await this.session?.close().catch(() => undefined);
  }
}
