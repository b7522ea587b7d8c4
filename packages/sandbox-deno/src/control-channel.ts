import { createCipheriv, randomBytes } from "node:crypto";
import type { Socket } from "node:net";

/**
 * A frame may not exceed this: just under V8's longest string (2^29 - 24 characters), so a
 * frame always decodes, and far above any legitimate message (a 256 MB context is a file).
 */
export const MAX_FRAME_BYTES = 500 * 1024 * 1024;
/**
 * Characters of JSON the host gathers into one frame before writing it: sealed, a frame
 * grows by a third, and a burst of large answers as one frame passed the longest string
 * Node can make.
 */
const MAX_BATCH_CHARS = 64 * 1024 * 1024;
const NEWLINE = 0x0a;

export interface ControlChannelHandlers {
  /** One parsed message (any JSON value; the caller checks its shape). */
  onMessage(message: unknown): void;
  /** The process sent what no runner would: the caller kills it. Called at most once. */
  onViolation(reason: string): void;
}

export interface SendOptions {
  /**
   * The message may wait up to this many milliseconds for others to share its frame; without
   * it the frame goes out at the end of the current turn (with everything queued before it).
   */
  lingerMs?: number;
}

/**
 * The host's end of the control channel to a sandbox process: newline-delimited JSON, the
 * wire format of Node's `"ipc"` channel in `json` mode, which Deno's `process.send()` speaks.
 *
 * ARCH: the host parses the bytes itself instead of spawning with `"ipc"`. Model code that
 * escapes its realm can write raw bytes to the channel's file descriptor (Deno lets
 * `new net.Socket({ fd })` wrap any descriptor), and Node's own IPC reader throws from
 * inside its internals on a malformed or oversized frame, which ended the host process.
 * Here every frame is size-checked before it is buffered whole and parsed in a try/catch;
 * a bad one kills the sandbox, never the host.
 *
 * ARCH: the first frame the host sends is a key drawn for this process, which the runner's
 * main thread reads before any model code exists and puts on every message it sends. Escaped
 * code cannot learn it (it is on no argument, variable or later frame, and the host's frames
 * are the only ones on the descriptor's readable side), so a frame without it did not come
 * from the runner: the sandbox is killed and nothing in it is believed.
 *
 * ARCH: every later frame the host sends is sealed with the same key (AES-256-CTR, one
 * keystream over the channel's frames in order). Escaped code can open the descriptor for reading too and take bytes meant for
 * the runner; it then holds ciphertext, never a later cell's code or a sub-call's answer.
 * Confidentiality is all this adds: only the host writes that direction.
 *
 * ARCH: what the host sends within one turn of its event loop goes out as one frame and one
 * write (`flush`): a fan-out's answers arrive in bursts, and a write per answer (a system
 * call, and a wake-up of the runner for each) cost more host time than anything else per
 * sub-call. A frame sealing several messages holds them as one JSON array, in order, and the
 * runner hands them to its worker as one message. Answers that come one per turn, while more
 * of their cell's calls are in flight, may wait a moment for company (`SendOptions.lingerMs`):
 * a fan-out's answers trickle in, and each frame is a wake-up of two sandbox threads. The
 * runner does the same the other way: several messages in one turn arrive as one signed
 * frame `{ type: "batch", messages }`, each message checked by the caller as if alone.
 */
export class ControlChannel {
  private readonly key = randomBytes(32);
  /** The key as the runner reads it and signs with it. */
  private readonly keyText = this.key.toString("base64url");
  /** One keystream for the whole channel: the runner reads the frames in the order sent. */
  private readonly cipher = createCipheriv("aes-256-ctr", this.key, Buffer.alloc(16));
  /** Messages (as JSON) waiting for this turn's write, in the order sent. */
  private outbox: string[] = [];
  /** The characters of `outbox`'s messages. */
  private outboxChars = 0;
  private flushScheduled = false;
  /** Set while the outbox holds only messages that may wait (`SendOptions.lingerMs`). */
  private lingerTimer: NodeJS.Timeout | undefined;
  private frame: Buffer[] = [];
  private frameBytes = 0;
  private violated = false;

  constructor(
    private readonly socket: Socket,
    private readonly handlers: ControlChannelHandlers,
    private readonly maxFrameBytes = MAX_FRAME_BYTES,
  ) {
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    // A write to a process that just died: its exit is reported on its own.
    socket.on("error", () => undefined);
    if (this.writable) {
      this.socket.write(`${JSON.stringify({ type: "key", key: this.keyText })}\n`);
    }
  }

  get writable(): boolean {
    return this.socket.writable && !this.socket.destroyed;
  }

  /**
   * Queues `message` for the next frame; the runner receives messages in the order sent. The
   * frame goes out at the end of this turn of the event loop, or, when every message queued
   * for it came with `lingerMs`, once the first of them has waited that long: answers that
   * come in one after another then share a write and a wake-up of the runner.
   */
  send(message: Record<string, unknown>, options: SendOptions = {}): void {
    if (!this.writable) return;
    const json = JSON.stringify(message);
    // What is queued goes out first when this message would make the frame too large.
    if (this.outbox.length > 0 && this.outboxChars + json.length > MAX_BATCH_CHARS) this.flush();
    this.outbox.push(json);
    this.outboxChars += json.length;
    if (this.flushScheduled) return;
    if (options.lingerMs === undefined) {
      this.flushScheduled = true;
      clearTimeout(this.lingerTimer);
      this.lingerTimer = undefined;
      setImmediate(() => this.flush());
    } else {
      this.lingerTimer ??= setTimeout(() => this.flush(), options.lingerMs);
    }
  }

  /** Seals what `send` queued into one frame and writes it. */
  flush(): void {
    this.flushScheduled = false;
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    const messages = this.outbox;
    if (messages.length === 0) return;
    this.outbox = [];
    this.outboxChars = 0;
    if (!this.writable) return;
    const plaintext = messages.length === 1 ? messages[0] : `[${messages.join(",")}]`;
    let data: string;
    try {
      data = this.cipher.update(plaintext as string, "utf8").toString("base64");
    } catch (error) {
      // One message too large to seal: it is lost, and the keystream has moved on past it,
      // so the process is ended (as for a violation) rather than left waiting for it.
      this.handlers.onViolation(
        `a message to it was too large to send (${(error as Error).message})`,
      );
      return;
    }
    this.socket.write(`{"type":"sealed","data":"${data}"}\n`);
  }

  /** Ends the host's side: the runner sees a disconnect and exits. */
  close(): void {
    this.outbox = [];
    this.outboxChars = 0;
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    this.socket.destroy();
  }

  ref(): void {
    this.socket.ref();
  }

  unref(): void {
    this.socket.unref();
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    while (!this.violated) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      if (end > start) {
        this.frameBytes += end - start;
        if (this.frameBytes > this.maxFrameBytes) {
          this.violate(
            `it sent a control message over ${Math.round(this.maxFrameBytes / 1024 / 1024)} MiB`,
          );
          return;
        }
        this.frame.push(chunk.subarray(start, end));
      }
      if (newline === -1) return;
      this.deliver();
      start = newline + 1;
    }
  }

  private deliver(): void {
    const bytes = this.frame.length === 1 ? this.frame[0] : Buffer.concat(this.frame);
    this.frame = [];
    this.frameBytes = 0;
    if (!bytes || bytes.length === 0) return;
    let message: unknown;
    try {
      message = JSON.parse(bytes.toString("utf8"));
    } catch {
      this.violate("it sent a control message that is not JSON");
      return;
    }
    if (typeof message !== "object" || message === null || !("key" in message)) {
      this.violate("it sent a control message without the runner's key");
      return;
    }
    const { key, ...fields } = message as Record<string, unknown>;
    if (key !== this.keyText) {
      this.violate("it sent a control message without the runner's key");
      return;
    }
    if (fields.type !== "batch") {
      this.handlers.onMessage(fields);
      return;
    }
    // What the runner sent in one turn, in order (see runner/main.js).
    if (!Array.isArray(fields.messages)) {
      this.violate("it sent a batch of control messages that is not a list");
      return;
    }
    for (const each of fields.messages) {
      if (this.violated) return;
      this.handlers.onMessage(each);
    }
  }

  private violate(reason: string): void {
    this.violated = true;
    this.frame = [];
    this.frameBytes = 0;
    this.handlers.onViolation(reason);
  }
}
