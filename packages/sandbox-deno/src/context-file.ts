import { writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import type { Context } from "@rlm/core";
import { SandboxError } from "@rlm/core";

export type ContextKind = "text" | "json" | "strings";

export interface ContextLimits {
  maxContextBytes: number;
  maxContextListBytes: number;
}

const MB = 1024 * 1024;

/**
 * Below this size the file is written synchronously: three thread-pool hops (open, write,
 * close) cost a warm session's start about 1 ms, more than blocking for a small write.
 */
const SYNC_WRITE_BYTES = MB;

async function writeOnce(path: string, data: string | Buffer): Promise<void> {
  const options = { mode: 0o400, flag: "wx" } as const;
  const bytes = typeof data === "string" ? Buffer.byteLength(data) : data.length;
  if (bytes < SYNC_WRITE_BYTES) writeFileSync(path, data, options);
  else await writeFile(path, data, options);
}

/**
 * Writes the context where the process will read it once, and says how to decode it.
 * A string is written as UTF-8, a list of strings as a JSON header of byte lengths plus the
 * bytes (so the list may hold more than one V8 string can), anything else as JSON.
 */
export async function writeContextFile(
  path: string,
  context: Context,
  limits: ContextLimits,
): Promise<ContextKind> {
  const advice = `Split it into a list of strings (each at most ${limits.maxContextBytes / MB} MB, ${limits.maxContextListBytes / MB} MB in all), e.g. one per document or per chunk of lines, and pass the list as the context.`;
  if (typeof context === "string") {
    const bytes = Buffer.byteLength(context);
    if (bytes > limits.maxContextBytes) {
      throw new SandboxError({
        message: `The context is ${(bytes / MB).toFixed(1)} MB; one string may be at most ${limits.maxContextBytes / MB} MB. ${advice}`,
      });
    }
    await writeOnce(path, context);
    return "text";
  }
  if (Array.isArray(context) && context.every((item) => typeof item === "string")) {
    const buffers = (context as string[]).map((item) => Buffer.from(item));
    const total = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    const largest = buffers.reduce((max, buffer) => Math.max(max, buffer.length), 0);
    if (largest > limits.maxContextBytes || total > limits.maxContextListBytes) {
      throw new SandboxError({
        message: `The context list holds ${(total / MB).toFixed(1)} MB (largest item ${(largest / MB).toFixed(1)} MB), over the limit. ${advice}`,
      });
    }
    const header = Buffer.from(`${JSON.stringify(buffers.map((buffer) => buffer.length))}\n`);
    await writeOnce(path, Buffer.concat([header, ...buffers]));
    return "strings";
  }
  const json = JSON.stringify(context);
  if (json === undefined)
    throw new SandboxError({ message: "The context must be JSON-serialisable." });
  const bytes = Buffer.byteLength(json);
  if (bytes > limits.maxContextBytes) {
    throw new SandboxError({
      message: `The context is ${(bytes / MB).toFixed(1)} MB of JSON; at most ${limits.maxContextBytes / MB} MB is accepted. ${advice}`,
    });
  }
  await writeOnce(path, json);
  return "json";
}
