import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { EventSink, RLMEvent } from "../events/events.js";

/**
 * An event sink that appends every event to a JSON Lines file, one event per line, as it
 * happens; several runs may share one file. Read it back with `readTrajectory`.
 */
export function trajectoryFileSink(path: string): EventSink {
  let stream: WriteStream | undefined;
  return {
    onEvent(event) {
      if (!stream) {
        mkdirSync(dirname(path), { recursive: true });
        stream = createWriteStream(path, { flags: "a" });
      }
      stream.write(`${JSON.stringify(event)}\n`);
    },
    flush() {
      const current = stream;
      if (!current) return Promise.resolve();
      return new Promise((resolve, reject) =>
        current.write("", (error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

/** Reads a trajectory file written by `trajectoryFileSink`. Rejects naming the first bad line. */
export async function readTrajectory(path: string): Promise<RLMEvent[]> {
  const text = await readFile(path, "utf8");
  const events: RLMEvent[] = [];
  for (const [index, line] of text.split("\n").entries()) {
    if (!line.trim()) continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (error) {
      throw new Error(`${path}:${index + 1}: not valid JSON (${(error as Error).message}).`);
    }
    if (
      typeof event !== "object" ||
      event === null ||
      typeof (event as RLMEvent).type !== "string"
    ) {
      throw new Error(`${path}:${index + 1}: not an RLM event.`);
    }
    events.push(event as RLMEvent);
  }
  return events;
}
