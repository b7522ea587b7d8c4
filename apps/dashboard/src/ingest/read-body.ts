import { gunzipSync, inflateSync } from "node:zlib";

/** Largest body accepted after decompression; a 10,000-span run with content fits many times. */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

export class BodyError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "BodyError";
    this.status = status;
  }
}

/**
 * The request body after `Content-Encoding`. Decompression is capped, so a small gzip bomb
 * cannot take the server's memory.
 */
export function decodeBody(body: Uint8Array, contentEncoding: string | null): Uint8Array {
  const encoding = (contentEncoding ?? "identity").trim().toLowerCase();
  if (encoding === "identity" || encoding === "") return body;
  try {
    if (encoding === "gzip" || encoding === "x-gzip") {
      return gunzipSync(body, { maxOutputLength: MAX_BODY_BYTES });
    }
    if (encoding === "deflate") return inflateSync(body, { maxOutputLength: MAX_BODY_BYTES });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_BUFFER_TOO_LARGE") {
      throw new BodyError(413, `Decompressed body exceeds ${MAX_BODY_BYTES} bytes.`);
    }
    throw new BodyError(400, `Body is not valid ${encoding}: ${(error as Error).message}`);
  }
  throw new BodyError(415, `Unsupported Content-Encoding "${encoding}"; use gzip or none.`);
}

/**
 * Reads a request's body up to `maxBytes`, refusing a larger one before it is all in memory:
 * by its Content-Length when it has one, otherwise by stopping the read once the count
 * passes the cap (a chunked 3 GB upload used to be buffered whole, 9 GB of RSS, then 413).
 */
export async function readCappedBody(
  request: Request,
  maxBytes = MAX_BODY_BYTES,
): Promise<{ body: Uint8Array; tooLarge: boolean }> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return { body: new Uint8Array(), tooLarge: true };
  }
  if (!request.body) return { body: new Uint8Array(), tooLarge: false };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { body: new Uint8Array(), tooLarge: true };
    }
    chunks.push(value);
  }
  return { body: Buffer.concat(chunks), tooLarge: false };
}
