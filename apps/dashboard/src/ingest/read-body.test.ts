import { describe, expect, it } from "vitest";
import { readCappedBody } from "./read-body.ts";

/** A request whose body arrives in `chunks` chunks of `size` bytes, counting what was pulled. */
function streamedRequest(chunks: number, size: number, headers: Record<string, string> = {}) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(size));
    },
  });
  const request = new Request("http://127.0.0.1/v1/traces", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => pulled };
}

describe("readCappedBody", () => {
  it("reads a body within the cap whole", async () => {
    const { request } = streamedRequest(4, 1000);
    const { body, tooLarge } = await readCappedBody(request, 10_000);
    expect(tooLarge).toBe(false);
    expect(body.byteLength).toBe(4000);
  });

  it("stops reading a chunked body as soon as it passes the cap", async () => {
    const { request, pulled } = streamedRequest(1000, 1000);
    const { body, tooLarge } = await readCappedBody(request, 10_000);
    expect(tooLarge).toBe(true);
    expect(body.byteLength).toBe(0);
    expect(pulled()).toBeLessThan(20);
  });

  it("refuses by Content-Length without reading", async () => {
    const { request, pulled } = streamedRequest(1000, 1000, { "content-length": "1000000" });
    expect((await readCappedBody(request, 10_000)).tooLarge).toBe(true);
    expect(pulled()).toBeLessThanOrEqual(1);
  });
});
