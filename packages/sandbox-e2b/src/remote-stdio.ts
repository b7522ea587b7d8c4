import { Duplex } from "node:stream";

/**
 * A remote process's stdin and stdout as one duplex stream, the shape the runner's control
 * channel reads and writes. Writes go out one request at a time, in order (the channel's
 * frames share one keystream), several queued frames in one request.
 */
export class RemoteStdio extends Duplex {
  constructor(private readonly sendStdin: (data: Uint8Array) => Promise<void>) {
    super();
  }

  /** Bytes the remote process wrote to stdout. */
  receive(text: string): void {
    this.push(Buffer.from(text, "utf8"));
  }

  override _read(): void {
    // Output is pushed as it arrives; there is nothing to pull.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error) => void) {
    this.sendStdin(chunk).then(() => callback(), callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.sendStdin(Buffer.concat(chunks.map(({ chunk }) => chunk))).then(
      () => callback(),
      callback,
    );
  }

  /** The remote stream holds no handle of this process's event loop. */
  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}
