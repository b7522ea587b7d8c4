import { Duplex } from "node:stream";

/**
 * Bytes of one stdin write: a large frame (a long cell, a big sub-call answer, a host
 * variable) goes out in pieces, well under any request size limit of the sandbox's API.
 */
export const MAX_STDIN_WRITE_BYTES = 1024 * 1024;

/**
 * A remote process's stdin and stdout as one duplex stream, the shape the runner's control
 * channel reads and writes. Writes go out one request at a time, in order (the channel's
 * frames share one keystream): several queued frames in one request, a large one in several.
 */
export class RemoteStdio extends Duplex {
  constructor(private readonly sendStdin: (data: Uint8Array) => Promise<void>) {
    super();
  }

  /** Sends `data` in order, in pieces of at most `MAX_STDIN_WRITE_BYTES`. */
  private async sendAll(data: Buffer): Promise<void> {
    for (let start = 0; start < data.length; start += MAX_STDIN_WRITE_BYTES) {
      await this.sendStdin(data.subarray(start, start + MAX_STDIN_WRITE_BYTES));
    }
  }

  /** Bytes the remote process wrote to stdout. */
  receive(text: string): void {
    this.push(Buffer.from(text, "utf8"));
  }

  override _read(): void {
    // Output is pushed as it arrives; there is nothing to pull.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error) => void) {
    this.sendAll(chunk).then(() => callback(), callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.sendAll(Buffer.concat(chunks.map(({ chunk }) => chunk))).then(() => callback(), callback);
  }

  /** The remote stream holds no handle of this process's event loop. */
  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}
