import type { Context } from "../context/context.js";
import { SandboxError } from "../errors/sandbox-error.js";
import type {
  HostBridge,
  Sandbox,
  SandboxSession,
  SandboxSessionOptions,
} from "../sandbox/sandbox.js";

/**
 * The one sandbox session of an `RLMSession`, lent to each question's root node in turn.
 * Its bridge forwards to the bridge of the question that holds the lease, so sub-calls
 * are counted against that question's run; closing a lease returns it, and only `close()`
 * ends the sandbox session.
 */
export class LeasedSandboxSession {
  private opened: Promise<SandboxSession> | undefined;
  private host: HostBridge | undefined;
  private closed = false;
  /** The sandbox session outlives each question's run, so it gets a signal of its own. */
  private readonly lifetime = new AbortController();

  constructor(
    private readonly sandbox: Sandbox,
    private readonly context: Context,
  ) {}

  /** The session, started on first use with the lessee's options, and holding `context`. */
  async lease(options: SandboxSessionOptions): Promise<SandboxSession> {
    if (this.closed) throw new SandboxError({ message: "The RLM session is closed." });
    const host = options.host;
    this.host = host;
    if (!this.opened) {
      const opening = this.sandbox.createSession({
        ...options,
        context: this.context,
        host: this.forwardingBridge(),
        abortSignal: this.lifetime.signal,
      });
      this.opened = opening;
      // A start that failed (or was aborted with its question) is tried again by the next one.
      opening.catch(() => {
        if (this.opened === opening) this.opened = undefined;
      });
    }
    const session = await this.opened;
    const returned = () => {
      if (this.host === host) this.host = undefined;
    };
    return {
      language: session.language,
      execute: (code, executeOptions) => session.execute(code, executeOptions),
      readVariable: (name) => session.readVariable(name),
      setVariable: (name, value) => session.setVariable(name, value),
      close: async () => returned(),
    };
  }

  /** Ends the sandbox session, also one still starting. */
  async close(): Promise<void> {
    this.closed = true;
    this.lifetime.abort(new SandboxError({ message: "The RLM session was closed." }));
    const opened = this.opened;
    this.opened = undefined;
    const session = await opened?.catch(() => undefined);
    await session?.close();
  }

  private forwardingBridge(): HostBridge {
    const current = (): HostBridge => {
      if (!this.host) throw new Error("No query of this session is running.");
      return this.host;
    };
    return {
      llmQuery: (request) => current().llmQuery(request),
      rlmQuery: (request) => current().rlmQuery(request),
      budget: (request) => current().budget(request),
      tool: (request) => current().tool(request),
    };
  }
}
