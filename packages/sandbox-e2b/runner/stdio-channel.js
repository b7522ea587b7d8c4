// @ts-check
// The runner's IPC channel (`process.send`, `process.on("message")`, "disconnect") carried over
// stdin and stdout, for a runner started by a remote sandbox service that gives a process only
// its standard streams. Imported before runner/main.js (see stdio-main.js), so the runner finds
// the channel as it finds Node's: frames are the same newline-delimited JSON, so the host's
// ControlChannel reads and writes them unchanged.
import process from "node:process";

const NEWLINE = 0x0a;
const encoder = new TextEncoder();

/** @param {Uint8Array} bytes */
function writeAll(bytes) {
  let written = 0;
  while (written < bytes.length) written += Deno.stdout.writeSync(bytes.subarray(written));
}

process.send = (/** @type {unknown} */ message) => {
  writeAll(encoder.encode(`${JSON.stringify(message)}\n`));
  return true;
};

/** Emits each line of stdin as a message, then "disconnect" when the host closes it. */
async function readFrames() {
  const decoder = new TextDecoder();
  /** @type {string[]} */
  let pending = [];
  try {
    for await (const chunk of Deno.stdin.readable) {
      let start = 0;
      for (let newline = chunk.indexOf(NEWLINE); newline !== -1; ) {
        pending.push(decoder.decode(chunk.subarray(start, newline), { stream: true }));
        const line = pending.join("") + decoder.decode();
        pending = [];
        start = newline + 1;
        newline = chunk.indexOf(NEWLINE, start);
        if (line.length === 0) continue;
        let frame;
        try {
          frame = JSON.parse(line);
        } catch {
          // Only the host writes stdin; a frame that does not parse lost bytes on the way.
          frame = { type: "sealed", data: "" };
        }
        try {
          process.emit("message", frame, undefined);
        } catch (error) {
          // As on Node's channel: a handler that throws is an uncaught error, not the end of input.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
      pending.push(decoder.decode(chunk.subarray(start), { stream: true }));
    }
  } finally {
    process.emit("disconnect");
  }
}

void readFrames();
