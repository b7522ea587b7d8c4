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
