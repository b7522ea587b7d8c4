import { writeFileSync } from "node:fs";
import { mkdtemp, open, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Context, ContextItem } from "@rlm/core";
import { SandboxError } from "@rlm/core";

/**
 * How a context file is encoded: `text` (UTF-8), `json`, `bytes` (a `Uint8Array`, as is), or
 * a list: `strings` (every item a string) or `list` (some item binary). A list's file is a
 * JSON header with one entry per item, a newline, then the items' bytes; an entry is the
 * byte length of a UTF-8 string, or `["bytes", n]` / `["json", n]`. Host variables holding
 * bytes (`context_1`, ...) travel in the same encoding (runner/runner-types.d.ts).
 */
export type ContextKind = "text" | "json" | "strings" | "bytes" | "list";

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
  if (context instanceof Uint8Array) return context.length >= SYNC_WRITE_BYTES;
  if (!Array.isArray(context)) return false;
  let characters = 0;
  for (const item of context) {
    if (typeof item === "string") characters += item.length;
    else if (item instanceof Uint8Array) characters += item.length;
  }
  return characters >= SYNC_WRITE_BYTES;
}

/** True for a context (or host variable) that holds bytes: a `Uint8Array`, or a list with one. */
export function holdsBytes(value: Context): boolean {
  return (
    value instanceof Uint8Array ||
    (Array.isArray(value) && value.some((item) => item instanceof Uint8Array))
  );
}

/** A context encoded for the runner (see `ContextKind`); `bytes` is the encoded size. */
export interface EncodedContext {
  kind: ContextKind;
  data: string | Buffer;
  bytes: number;
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
 * A string is written as UTF-8, a `Uint8Array` as is, a list of strings (and bytes) as a
 * JSON header plus the items' bytes (so the list may hold more than one V8 string can),
 * anything else as JSON.
 */
export async function writeContextFile(
  path: string,
  context: Context,
  limits: ContextLimits,
): Promise<ContextKind> {
  const { kind, data, bytes } = encodeContext(context, limits);
  await writeOnce(path, data, bytes);
  return kind;
}

/** The context in the encoding its `kind` names; refuses one over the limits, saying why. */
export function encodeContext(context: Context, limits: ContextLimits): EncodedContext {
  const advice = `Split it into a list of strings (each at most ${limits.maxContextBytes / MB} MB, ${limits.maxContextListBytes / MB} MB in all), e.g. one per document or per chunk of lines, and pass the list as the context.`;
  if (typeof context === "string") {
    const bytes = Buffer.byteLength(context);
    if (bytes > limits.maxContextBytes) {
      throw new SandboxError({
        message: `The context is ${(bytes / MB).toFixed(1)} MB; one string may be at most ${limits.maxContextBytes / MB} MB. ${advice}`,
      });
    }
    return { kind: "text", data: context, bytes };
  }
  if (context instanceof Uint8Array) {
    if (context.length > limits.maxContextBytes) {
      throw new SandboxError({
        message: `The context is ${(context.length / MB).toFixed(1)} MB of bytes; at most ${limits.maxContextBytes / MB} MB is accepted. Split it into a list of Uint8Arrays (${limits.maxContextListBytes / MB} MB in all).`,
      });
    }
    const data = Buffer.from(context.buffer, context.byteOffset, context.length);
    return { kind: "bytes", data, bytes: data.length };
  }
  const strings = Array.isArray(context) && context.every((item) => typeof item === "string");
  if (strings || holdsBytes(context)) {
    const items = context as readonly ContextItem[];
    const buffers = items.map((item) =>
      typeof item === "string"
        ? Buffer.from(item)
        : item instanceof Uint8Array
          ? Buffer.from(item.buffer, item.byteOffset, item.length)
          : Buffer.from(JSON.stringify(item) ?? "null"),
    );
    const total = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    const largest = buffers.reduce((max, buffer) => Math.max(max, buffer.length), 0);
    if (largest > limits.maxContextBytes || total > limits.maxContextListBytes) {
      throw new SandboxError({
        message: `The context list holds ${(total / MB).toFixed(1)} MB (largest item ${(largest / MB).toFixed(1)} MB), over the limit. ${advice}`,
      });
    }
    const entries = items.map((item, index) => {
      const length = (buffers[index] as Buffer).length;
      if (typeof item === "string") return length;
      return [item instanceof Uint8Array ? "bytes" : "json", length];
    });
    const header = Buffer.from(`${JSON.stringify(entries)}\n`);
    const data = Buffer.concat([header, ...buffers]);
    return { kind: strings ? "strings" : "list", data, bytes: data.length };
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
  return { kind: "json", data: json, bytes };
}
