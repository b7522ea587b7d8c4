import { writeFileSync } from "node:fs";
import { mkdtemp, open, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

async function writeOnce(path: string, data: string | Buffer, bytes: number): Promise<void> {
  if (bytes < SYNC_WRITE_BYTES) return writeFileSync(path, data, { mode: 0o400, flag: "wx" });
  // One write call: `fs.promises.writeFile` writes 512 KiB per thread-pool hop, which made
  // 100 MB take about 220 ms instead of 130.
  const handle = await open(path, "wx", 0o400);
  try {
    let written = (
      typeof data === "string"
        ? await handle.write(data, 0, "utf8")
        : await handle.write(data, 0, data.length, 0)
    ).bytesWritten;
    const buffer = written < bytes && typeof data === "string" ? Buffer.from(data) : data;
    while (written < bytes) {
      written += (await handle.write(buffer as Buffer, written, bytes - written, written))
        .bytesWritten;
    }
  } finally {
    await handle.close();
  }
}

/** True when writing the context takes long enough to be worth doing while a process starts. */
export function isLargeContext(context: Context): boolean {
  if (typeof context === "string") return context.length >= SYNC_WRITE_BYTES;
  if (!Array.isArray(context)) return false;
  let characters = 0;
  for (const item of context) if (typeof item === "string") characters += item.length;
  return characters >= SYNC_WRITE_BYTES;
}

export interface StagedContext {
  kind: ContextKind;
  /** Moves the file to the path a process reads it from. */
  moveTo(path: string): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Writes the context into a new private directory, e.g. while the process that will read it
 * is still starting; `moveTo` then renames it into place (the same temporary file system).
 */
export async function stageContextFile(
  context: Context,
  limits: ContextLimits,
): Promise<StagedContext> {
  const directory = await mkdtemp(join(tmpdir(), "rlm-context-"));
  const path = join(directory, "context.data");
  const discard = () => rm(directory, { recursive: true, force: true });
  try {
    const kind = await writeContextFile(path, context, limits);
    return {
      kind,
      async moveTo(target) {
        await rename(path, target);
        await discard();
      },
      discard,
    };
  } catch (error) {
    await discard();
    throw error;
  }
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
    await writeOnce(path, context, bytes);
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
    const data = Buffer.concat([header, ...buffers]);
    await writeOnce(path, data, data.length);
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
  await writeOnce(path, json, bytes);
  return "json";
}
