import { PassThrough, Readable } from "node:stream";
import type { CliIo } from "../src/cli-io.js";

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

/** A `CliIo` whose output is kept in memory; `isTTY` decides the progress display's mode. */
export function captureIo(
  options: { stdin?: string; env?: NodeJS.ProcessEnv; cwd?: string; isTTY?: boolean } = {},
): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  (stderr as { isTTY?: boolean }).isTTY = options.isTTY ?? false;
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => {
    out += chunk;
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk;
  });
  return {
    stdout,
    stderr,
    stdin: Readable.from([options.stdin ?? ""]),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    out: () => out,
    err: () => err,
  };
}
