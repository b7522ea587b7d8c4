import type { ServerResponse } from "node:http";
import {
  type RecordedRequest,
  type RecordingServer,
  type Responder,
  startRecordingServer,
} from "../recording-server.js";
import { structuredAsText } from "../structured-output.js";
import { textReplyUsage } from "../text-reply.js";
import { readGoogleJsonFixture, readGoogleSseFixture } from "./google-fixtures.js";
import { type GoogleReply, googleErrorBody } from "./google-reply.js";
import { checkGoogleRequest } from "./google-request-check.js";
import { generateContentBody, generateContentChunks } from "./google-text.js";

/** `.../models/{model}:generateContent` or `:streamGenerateContent`, Gemini API or Vertex AI. */
const GENERATE_PATH = /\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** What Gemini counts for an image of up to 384 pixels a side. */
const IMAGE_TOKENS = 258;

export interface GoogleServer extends RecordingServer {
  /** `http://127.0.0.1:<port>`, what the SDK's `httpOptions.baseUrl` expects. */
  baseURL: string;
  /** Appends replies to the queue; each request takes the next one. */
  reply(...replies: GoogleReply[]): void;
  /** Replies still queued. */
  readonly pending: number;
}

/**
 * A local server speaking Gemini's `generateContent` and `streamGenerateContent?alt=sse`
 * wire format, answering from a queue of scripted replies (then from `respond`) and recording
 * every request.
 */
export async function startGoogleServer(
  options: { replies?: readonly GoogleReply[]; respond?: Responder<GoogleReply> } = {},
): Promise<GoogleServer> {
  const queue: GoogleReply[] = [...(options.replies ?? [])];
  const server = await startRecordingServer(async (request, response) => {
    const match = GENERATE_PATH.exec(request.url.split("?")[0] ?? "");
    if (request.method !== "POST" || !match) {
      const message = `Unknown endpoint ${request.method} ${request.url}.`;
      writeJson(response, 404, googleErrorBody({ code: 404, message }));
      return;
    }
    // A request the real API would refuse is refused before it takes a reply.
    const checked = checkGoogleRequest(request.json);
    if ("error" in checked) {
      writeJson(response, 400, googleErrorBody({ code: 400, message: checked.error }));
      return;
    }
    request.images = checked.images;
    if (checked.structuredOutput) request.structuredOutput = checked.structuredOutput;
    const reply = queue.shift() ?? (await options.respond?.(request));
    if (!reply) {
      const message = "The test server has no reply queued.";
      writeJson(response, 500, googleErrorBody({ code: 500, message }));
      return;
    }
    for (const [name, value] of Object.entries(reply.headers ?? {}))
      response.setHeader(name, value);
    if (reply.delayMs) await waitOrClose(response, reply.delayMs);
    if (response.destroyed) return;
    await answer({
      reply,
      request,
      model: match[1] ?? "",
      response,
      streaming: match[2] === "streamGenerateContent",
    });
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
  reply: GoogleReply;
  request: RecordedRequest;
  /** The model named in the request's path. */
  model: string;
  response: ServerResponse;
  streaming: boolean;
}): Promise<void> {
  const { request, response, streaming } = options;
  const reply =
    options.reply.kind === "structured" ? structuredAsText(options.reply) : options.reply;
  switch (reply.kind) {
    case "json":
      writeJson(response, reply.status ?? 200, reply.body);
      return;
    case "error":
      writeJson(response, reply.status, reply.body ?? googleErrorBody({ code: reply.status }));
      return;
    case "malformed-json":
      response.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
      response.end('{"candidates":[{"content":{"parts":[{"text":');
      return;
    case "sse":
      await writeChunks({ response, chunks: reply.chunks, ending: "end" });
      return;
    case "hang":
      await waitOrClose(response, Number.POSITIVE_INFINITY);
      return;
    case "text": {
      const model = reply.model ?? options.model;
      const usage = {
        ...textReplyUsage(reply, request.body),
        imageInputTokens: reply.imageInputTokens ?? IMAGE_TOKENS * (request.images?.length ?? 0),
      };
      if (streaming) {
        const chunks = generateContentChunks(reply.text, model, usage);
        await writeChunks({ response, chunks, ending: "end" });
      } else writeJson(response, 200, generateContentBody(reply.text, model, usage));
      return;
    }
    case "fixture":
    case "cut-stream": {
      if (reply.kind === "cut-stream" || streaming) {
        const chunks = readGoogleSseFixture(reply.fixture);
        if (!chunks) {
          const message = `Fixture ${reply.fixture} has no stream.`;
          writeJson(response, 500, googleErrorBody({ code: 500, message }));
          return;
        }
        if (reply.kind === "fixture") await writeChunks({ response, chunks, ending: "end" });
        else
          await writeChunks({
            response,
            chunks: chunks.slice(0, reply.afterChunks),
            ending: reply.ending,
          });
        return;
      }
      const body = readGoogleJsonFixture(reply.fixture);
      if (body === undefined) {
        const message = `Fixture ${reply.fixture} has no JSON form.`;
        writeJson(response, 500, googleErrorBody({ code: 500, message }));
        return;
      }
      writeJson(response, 200, body);
      return;
    }
  }
}

/** Gemini's SSE: one `data:` line per chunk, separated by CRLF pairs. */
async function writeChunks(options: {
  response: ServerResponse;
  chunks: readonly string[];
  ending: "destroy" | "end" | "hang";
}): Promise<void> {
  const { response, chunks, ending } = options;
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const chunk of chunks) response.write(`data: ${chunk}\r\n\r\n`);
  if (ending === "end") {
    response.end();
    return;
  }
  if (ending === "hang") {
    await waitOrClose(response, Number.POSITIVE_INFINITY);
    return;
  }
  // Let the written chunks reach the client before the socket drops mid-body.
  await new Promise((resolve) => setTimeout(resolve, 20));
  response.socket?.destroy();
}

function writeJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
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
