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
import { readJsonFixture, readSseFixture, type SseEvent } from "./openai-fixtures.js";
import { type OpenAIReply, openaiErrorBody } from "./openai-reply.js";
import { checkOpenAIRequest } from "./openai-request-check.js";
import {
  chatCompletionBody,
  chatCompletionEvents,
  responsesBody,
  responsesEvents,
} from "./openai-text.js";

const ENDPOINTS = {
  "/v1/chat/completions": "chat-",
  "/v1/responses": "responses-",
} as const satisfies Record<string, string>;

export interface OpenAIServer extends RecordingServer {
  /** `http://127.0.0.1:<port>/v1`, what the SDK's `baseURL` expects. */
  baseURL: string;
  /** Appends replies to the queue; each request takes the next one. */
  reply(...replies: OpenAIReply[]): void;
  /** Replies still queued. */
  readonly pending: number;
}

/**
 * A local server speaking OpenAI's Responses (`POST /v1/responses`) and Chat Completions
 * (`POST /v1/chat/completions`) wire formats, answering from a queue of scripted replies (then
 * from `respond`) and recording every request it receives. Every response carries an `x-request-id`.
 */
export async function startOpenAIServer(
  options: { replies?: readonly OpenAIReply[]; respond?: Responder<OpenAIReply> } = {},
): Promise<OpenAIServer> {
  const queue: OpenAIReply[] = [...(options.replies ?? [])];
  let requestCount = 0;
  const server = await startRecordingServer(async (request, response) => {
    requestCount += 1;
    response.setHeader("x-request-id", `req_test_${requestCount}`);
    const path = request.url.split("?")[0] ?? "";
    const fixturePrefix = ENDPOINTS[path as keyof typeof ENDPOINTS];
    if (request.method !== "POST" || fixturePrefix === undefined) {
      writeJson(response, 404, notFound(`Unknown endpoint ${request.method} ${request.url}.`));
      return;
    }
    // A request the real API would refuse is refused before it takes a reply.
    const checked = checkOpenAIRequest(
      fixturePrefix === "chat-" ? "chat" : "responses",
      request.json,
    );
    if ("error" in checked) {
      writeJson(
        response,
        400,
        openaiErrorBody({ ...checked.error, type: "invalid_request_error" }),
      );
      return;
    }
    request.images = checked.images;
    if (checked.structuredOutput) request.structuredOutput = checked.structuredOutput;
    const reply = queue.shift() ?? (await options.respond?.(request));
    if (!reply) {
      writeJson(response, 500, serverError("The test server has no reply queued."));
      return;
    }
    for (const [name, value] of Object.entries(reply.headers ?? {}))
      response.setHeader(name, value);
    if (reply.delayMs) await waitOrClose(response, reply.delayMs);
    if (response.destroyed) return;
    await answer({ reply, request, response, fixturePrefix });
  });
  return {
    ...server,
    baseURL: `${server.url}/v1`,
    reply: (...replies) => {
      queue.push(...replies);
    },
    get pending() {
      return queue.length;
    },
  };
}

async function answer(options: {
  reply: OpenAIReply;
  request: RecordedRequest;
  response: ServerResponse;
  fixturePrefix: string;
}): Promise<void> {
  const { request, response, fixturePrefix } = options;
  const reply =
    options.reply.kind === "structured" ? structuredAsText(options.reply) : options.reply;
  switch (reply.kind) {
    case "json":
      writeJson(response, reply.status ?? 200, reply.body);
      return;
    case "error":
      writeJson(response, reply.status, reply.body ?? defaultErrorBody(reply.status));
      return;
    case "malformed-json":
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"id":"chatcmpl-broken","object":"chat.completion","choices":[{"index":0,');
      return;
    case "sse":
      writeSse(response, reply.events);
      return;
    case "text": {
      const body = request.json as { model?: unknown; stream?: unknown } | undefined;
      const model = reply.model ?? String(body?.model ?? "unknown-model");
      const usage = textReplyUsage(reply, request.body);
      const chat = fixturePrefix === "chat-";
      if (body?.stream === true) {
        writeSse(
          response,
          chat
            ? chatCompletionEvents(reply.text, model, usage)
            : responsesEvents(reply.text, model, usage),
        );
      } else {
        writeJson(
          response,
          200,
          chat
            ? chatCompletionBody(reply.text, model, usage)
            : responsesBody(reply.text, model, usage),
        );
      }
      return;
    }
    case "hang":
      await waitOrClose(response, Number.POSITIVE_INFINITY);
      return;
    case "fixture":
    case "cut-stream": {
      if (!reply.fixture.startsWith(fixturePrefix)) {
        const message = `Fixture ${reply.fixture} does not answer ${request.url}.`;
        writeJson(response, 500, serverError(message));
        return;
      }
      const streaming = (request.json as { stream?: unknown } | undefined)?.stream === true;
      if (reply.kind === "cut-stream" || streaming) {
        const events = readSseFixture(reply.fixture);
        if (!events) {
          writeJson(response, 500, serverError(`Fixture ${reply.fixture} has no stream.`));
          return;
        }
        if (reply.kind === "fixture") writeSse(response, events);
        else await writeCutStream({ response, events, ...reply });
        return;
      }
      const body = readJsonFixture(reply.fixture);
      if (body === undefined) {
        writeJson(response, 500, serverError(`Fixture ${reply.fixture} has no JSON form.`));
        return;
      }
      writeJson(response, 200, body);
      return;
    }
  }
}

async function writeCutStream(options: {
  response: ServerResponse;
  events: readonly SseEvent[];
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

function defaultErrorBody(status: number) {
  if (status === 429) {
    return openaiErrorBody({
      message: "Rate limit reached for requests per min (RPM). Please try again in 1s.",
      type: "requests",
      code: "rate_limit_exceeded",
    });
  }
  if (status >= 500) return serverError("The server had an error while processing your request.");
  return openaiErrorBody({
    message: `Request failed with ${status}.`,
    type: "invalid_request_error",
  });
}

function serverError(message: string) {
  return openaiErrorBody({ message, type: "server_error" });
}

function notFound(message: string) {
  return openaiErrorBody({ message, type: "invalid_request_error", code: "unknown_url" });
}
