import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RecordedImage } from "./request-images.js";
import type { RecordedStructuredOutput } from "./structured-output.js";

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query string, e.g. `/v1/chat/completions`. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Raw body text; `json` holds it parsed when it was JSON. */
  body: string;
  json: unknown;
  /** The images the request carried, decoded, in order (the provider servers fill it in). */
  images?: RecordedImage[];
  /** What the request asked for in the provider's native structured-output field, if anything. */
  structuredOutput?: RecordedStructuredOutput;
  /** When the whole request had arrived, on this server's clock (`performance.now()`). */
  receivedAt: number;
  /** When the response's last byte was handed to the socket; unset until then. */
  repliedAt?: number;
  /** The client's port: requests that share one came over one kept-alive connection. */
  remotePort: number | undefined;
}

export type RequestHandler = (
  request: RecordedRequest,
  response: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

/** Answers a request the reply queue has nothing for, e.g. from what the prompt asks. */
export type Responder<Reply> = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface RecordingServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  /**
   * Requests whose response has not closed yet: still being answered, waiting out a delay, or
   * hanging. A client that aborts closes its request, so this drops back to 0 when it has.
   */
  openRequests(): number;
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 with a random port that records every request before handing
 * it to `handle`. Wire-format servers for each provider are built on it.
 */
export async function startRecordingServer(handle: RequestHandler): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  let open = 0;
  const server = createServer(async (raw, response) => {
    open += 1;
    response.once("close", () => {
      open -= 1;
    });
    const chunks: Buffer[] = [];
    for await (const chunk of raw) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const request: RecordedRequest = {
      method: raw.method ?? "GET",
      url: raw.url ?? "/",
      headers: raw.headers,
      body,
      json,
      receivedAt: performance.now(),
      remotePort: raw.socket.remotePort,
    };
    requests.push(request);
    response.once("finish", () => {
      request.repliedAt = performance.now();
    });
    try {
      await handle(request, response, raw);
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: String(error) } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    openRequests: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes Server-Sent Events, one `data:` line per chunk (with an optional `event:` line). */
export function writeSse(
  response: ServerResponse,
  events: readonly { event?: string; data: string }[],
): void {
  response.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  for (const event of events) {
    if (event.event) response.write(`event: ${event.event}\n`);
    response.write(`data: ${event.data}\n\n`);
  }
  response.end();
}
