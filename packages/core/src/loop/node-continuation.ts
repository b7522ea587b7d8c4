import type { Message } from "../model/message.js";
import type { SandboxSession, SandboxSessionOptions } from "../sandbox/sandbox.js";

/**
 * What a root node takes over from the earlier questions of a session: the REPL (leased,
 * not created, so closing the node keeps it) and the conversation, which the node extends.
 */
export interface NodeContinuation {
  openSession(options: SandboxSessionOptions): Promise<SandboxSession>;
  /** The conversation so far, empty before the first question; the node appends to it. */
  messages: Message[];
  /** The user message that asks this question. */
  question: string;
}
