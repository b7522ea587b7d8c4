import type { ServerResponse } from "node:http";
import {
  type RecordedRequest,
  type RecordingServer,
  type Responder,
  startRecordingServer,
  writeSse,
} from "../recording-server.js";
import { structuredAsText } from "../structured-output.js";
import { textReplyUsage } from "../text-reply.js";
import { readAnthropicJsonFixture, readAnthropicSseFixture } from "./anthropic-fixtures.js";
import {
  type AnthropicReply,
  type AnthropicSseEvent,
  anthropicErrorBody,
  defaultAnthropicErrorBody,
} from "./anthropic-reply.js";
import { checkAnthropicRequest } from "./anthropic-request-check.js";
import { messageBody, messageEvents } from "./anthropic-text.js";

export interface AnthropicServer extends RecordingServer {
  /** `http://127.0.0.1:<port>`, what the SDK's `baseURL` expects (it appends `/v1/messages`). */
  baseURL: string;
  /** Appends replies to the queue; each request takes the next one. */
  reply(...replies: AnthropicReply[]): void;
  /** Replies still queued. */
  readonly pending: number;
}

/**
 * A local server speaking Anthropic's Messages API (`POST /v1/messages`, JSON and SSE),
 * answering from a queue of scripted replies (then from `respond`) and recording every request
 * it receives.
 * Every response carries a `request-id` header, as Anthropic's do.
 */
export async function startAnthropicServer(
  options: { replies?: readonly AnthropicReply[]; respond?: Responder<AnthropicReply> } = {},
): Promise<AnthropicServer> {
  const queue: AnthropicReply[] = [...(options.replies ?? [])];
  let requestCount = 0;
  const server = await startRecordingServer(async (request, response) => {
    requestCount += 1;
    response.setHeader("request-id", `req_test_${requestCount}`);
    const path = request.url.split("?")[0] ?? "";
    if (request.method !== "POST" || path !== "/v1/messages") {
      const message = `Unknown endpoint ${request.method} ${request.url}.`;
      writeJson(response, 404, anthropicErrorBody({ type: "not_found_error", message }));
      return;
    }
    // A request the real API would refuse is refused before it takes a reply.
    const checked = checkAnthropicRequest(request.json);
    if ("error" in checked) {
      const body = anthropicErrorBody({ type: "invalid_request_error", message: checked.error });
      writeJson(response, 400, body);
      return;
    }
    request.images = checked.images;
    if (checked.structuredOutput) request.structuredOutput = checked.structuredOutput;
    const reply = queue.shift() ?? (await options.respond?.(request));
    if (!reply) {
      const message = "The test server has no reply queued.";
      writeJson(response, 500, anthropicErrorBody({ type: "api_error", message }));
      return;
    }
    for (const [name, value] of Object.entries(reply.headers ?? {}))
      response.setHeader(name, value);
    if (reply.delayMs) await waitOrClose(response, reply.delayMs);
    if (response.destroyed) return;
    answer({ reply, request, response });
  });
  return {
    ...server,
    baseURL: server.url,
    reply: (...replies) => {
      queue.push(...replies);
    },
    get pending() {
      return queue.length;
    },
  };
}

async function answer(options: {
  reply: AnthropicReply;
  request: RecordedRequest;
  response: ServerResponse;
}): Promise<void> {
  const { request, response } = options;
  const reply =
    options.reply.kind === "structured" ? structuredAsText(options.reply) : options.reply;
  switch (reply.kind) {
    case "json":
      writeJson(response, reply.status ?? 200, reply.body);
      return;
    case "error":
      writeJson(response, reply.status, reply.body ?? defaultAnthropicErrorBody(reply.status));
      return;
    case "malformed-json":
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"id":"msg_broken","type":"message","role":"assistant","content":[{"type":');
      return;
    case "sse":
      writeSse(response, reply.events);
      return;
    case "text": {
      const body = request.json as { model?: unknown; stream?: unknown } | undefined;
      const model = reply.model ?? String(body?.model ?? "unknown-model");
      const usage = textReplyUsage(reply, request.body);
      if (body?.stream === true) writeSse(response, messageEvents(reply.text, model, usage));
      else writeJson(response, 200, messageBody(reply.text, model, usage));
      return;
    }
    case "hang":
      await waitOrClose(response, Number.POSITIVE_INFINITY);
      return;
    case "fixture":
    case "cut-stream": {
      const streaming = (request.json as { stream?: unknown } | undefined)?.stream === true;
      if (reply.kind === "cut-stream" || streaming) {
        const events = readAnthropicSseFixture(reply.fixture);
        if (!events) {
          const message = `Fixture ${reply.fixture} has no stream.`;
          writeJson(response, 500, anthropicErrorBody({ type: "api_error", message }));
          return;
        }
        if (reply.kind === "fixture") writeSse(response, events);
        else await writeCutStream({ response, events, ...reply });
        return;
      }
      const body = readAnthropicJsonFixture(reply.fixture);
      if (body === undefined) {
        const message = `Fixture ${reply.fixture} has no JSON form.`;
        writeJson(response, 500, anthropicErrorBody({ type: "api_error", message }));
        return;
      }
      writeJson(response, 200, body);
      return;
    }
  }
}

async function writeCutStream(options: {
  response: ServerResponse;
  events: readonly AnthropicSseEvent[];
  afterEvents: number;
  ending: "destroy" | "end" | "hang";
}): Promise<void> {
  const { response, events, afterEvents, ending } = options;
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const event of events.slice(0, afterEvents)) {
    if (event.event) response.write(`event: ${event.event}\n`);
    response.write(`data: ${event.data}\n\n`);
  }
  if (ending === "end") {
    response.end();
    return;
  }
  if (ending === "hang") {
    await waitOrClose(response, Number.POSITIVE_INFINITY);
    return;
  }
  // Let the written events reach the client before the socket drops mid-body.
  await new Promise((resolve) => setTimeout(resolve, 20));
  response.socket?.destroy();
}

function writeJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** Resolves after `ms`, or as soon as the client closes the connection. */
function waitOrClose(response: ServerResponse, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (response.destroyed) {
      resolve();
      return;
    }
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    response.once("close", done);
    function done() {
      if (timer) clearTimeout(timer);
      response.off("close", done);
      resolve();
    }
  });
}
