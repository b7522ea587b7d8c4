import { anthropic } from "@rlm/anthropic";
import type { LanguageModel } from "@rlm/core";
import { google } from "@rlm/google";
import { openai } from "@rlm/openai";
import {
  type AnthropicReply,
  type AnthropicServer,
  type GoogleReply,
  type GoogleServer,
  type OpenAIReply,
  type OpenAIServer,
  type RecordedRequest,
  startAnthropicServer,
  startGoogleServer,
  startOpenAIServer,
} from "@rlm/provider-test-servers";

export type ProviderName = "anthropic" | "openai" | "google";

/** The `provider` each model reports, as the ledger records it. */
export const LEDGER_PROVIDER: Readonly<Record<ProviderName, string>> = {
  anthropic: "anthropic",
  openai: "openai",
  google: "gcp.gemini",
};

export type Fault =
  | "rate-limit"
  | "server-error"
  | "timeout"
  | "cut-stream"
  | "stream-error"
  | "malformed-json";

/** What a server does with one request, in terms that every wire format can express. */
export type ScriptedAnswer =
  | { kind: "text"; text: string; inputTokens: number; outputTokens: number; delayMs?: number }
  | {
      kind: "fault";
      fault: Fault;
      retryAfterMs?: number;
      /** `server-error` only: the status, 500 by default. */
      status?: number;
      /** `cut-stream` only: how the cut stream ends (see the servers' `cut-stream` reply). */
      ending?: "destroy" | "end" | "hang";
    };

export interface RequestInfo {
  provider: ProviderName;
  /** The raw request body (JSON), where prompts and earlier turns can be looked up. */
  body: string;
  streaming: boolean;
  request: RecordedRequest;
}

export interface ProviderServers {
  anthropic: AnthropicServer;
  openai: OpenAIServer;
  google: GoogleServer;
  /** Requests not yet closed, over the three servers. */
  openRequests(): number;
  close(): Promise<void>;
}

/** Starts the three wire-format servers, each answering every request through `answer`. */
export async function startProviderServers(
  answer: (info: RequestInfo) => ScriptedAnswer | Promise<ScriptedAnswer>,
): Promise<ProviderServers> {
  const info = (provider: ProviderName, request: RecordedRequest): RequestInfo => ({
    provider,
    body: request.body,
    streaming:
      provider === "google"
        ? request.url.includes(":streamGenerateContent")
        : (request.json as { stream?: unknown } | undefined)?.stream === true,
    request,
  });
  const [anthropicServer, openaiServer, googleServer] = await Promise.all([
    startAnthropicServer({
      respond: async (request) => toAnthropic(await answer(info("anthropic", request))),
    }),
    startOpenAIServer({
      respond: async (request) =>
        toOpenAI(await answer(info("openai", request)), request.url.includes("/chat/")),
    }),
    startGoogleServer({
      respond: async (request) => toGoogle(await answer(info("google", request))),
    }),
  ]);
  const all = [anthropicServer, openaiServer, googleServer];
  return {
    anthropic: anthropicServer,
    openai: openaiServer,
    google: googleServer,
    openRequests: () => all.reduce((sum, server) => sum + server.openRequests(), 0),
    close: async () => {
      await Promise.all(all.map((server) => server.close()));
    },
  };
}

/** A fault's HTTP status and headers, shared by the wire formats. */
function errorReply(answer: Extract<ScriptedAnswer, { kind: "fault" }>): {
  kind: "error";
  status: number;
  headers: Record<string, string>;
} {
  const { fault, retryAfterMs } = answer;
  return {
    kind: "error" as const,
    status: fault === "rate-limit" ? 429 : (answer.status ?? 500),
    headers:
      fault === "rate-limit"
        ? retryAfterMs === undefined || retryAfterMs === 0
          ? { "retry-after": "0" }
          : { "retry-after-ms": String(retryAfterMs) }
        : {},
  };
}

function toAnthropic(answer: ScriptedAnswer): AnthropicReply {
  if (answer.kind === "text") return answer;
  switch (answer.fault) {
    case "rate-limit":
    case "server-error":
      return errorReply(answer);
    case "timeout":
      return { kind: "hang" };
    case "malformed-json":
      return { kind: "malformed-json" };
    case "cut-stream":
      // messages-text has 8 events; it is cut before message_stop.
      return {
        kind: "cut-stream",
        fixture: "messages-text",
        afterEvents: 4,
        ending: answer.ending ?? "destroy",
      };
    case "stream-error":
      // The stream starts well, then Anthropic reports an overload in an `error` event.
      return {
        kind: "sse",
        events: [
          sseEvent("message_start", {
            type: "message_start",
            message: {
              id: "msg_overloaded",
              type: "message",
              role: "assistant",
              model: "claude-sonnet-4-6",
              content: [],
              stop_reason: null,
              stop_sequence: null,
              usage: { input_tokens: 10, output_tokens: 1 },
            },
          }),
          sseEvent("error", {
            type: "error",
            error: { type: "overloaded_error", message: "Overloaded" },
          }),
        ],
      };
  }
}

function sseEvent(event: string, data: unknown): { event: string; data: string } {
  return { event, data: JSON.stringify(data) };
}

function toOpenAI(answer: ScriptedAnswer, chat: boolean): OpenAIReply {
  if (answer.kind === "text") return answer;
  switch (answer.fault) {
    case "rate-limit":
    case "server-error":
      return errorReply(answer);
    case "timeout":
      return { kind: "hang" };
    case "malformed-json":
      return { kind: "malformed-json" };
    case "cut-stream":
      // chat-text has 7 events, responses-text 16; both are cut before their last.
      return chat
        ? {
            kind: "cut-stream",
            fixture: "chat-text",
            afterEvents: 3,
            ending: answer.ending ?? "end",
          }
        : {
            kind: "cut-stream",
            fixture: "responses-text",
            afterEvents: 8,
            ending: answer.ending ?? "destroy",
          };
    case "stream-error":
      // Responses: `response.failed` with a server error; Chat: an error object mid-stream.
      return chat
        ? {
            kind: "sse",
            events: [
              {
                data: JSON.stringify({
                  id: "chatcmpl-broken",
                  object: "chat.completion.chunk",
                  created: 1,
                  model: "gpt-5-mini",
                  choices: [{ index: 0, delta: { role: "assistant", content: "" } }],
                }),
              },
              {
                data: JSON.stringify({
                  error: { message: "The server had an error.", type: "server_error", code: null },
                }),
              },
            ],
          }
        : { kind: "fixture", fixture: "responses-failed" };
  }
}

function toGoogle(answer: ScriptedAnswer): GoogleReply {
  if (answer.kind === "text") return answer;
  switch (answer.fault) {
    case "rate-limit":
    case "server-error":
      return errorReply(answer);
    case "timeout":
      return { kind: "hang" };
    case "malformed-json":
      return { kind: "malformed-json" };
    case "cut-stream":
      // generate-text has 3 chunks; the finish reason is in the last.
      return {
        kind: "cut-stream",
        fixture: "generate-text",
        afterChunks: 2,
        ending: answer.ending ?? "destroy",
      };
    case "stream-error":
      // A chunk of text, then Gemini's error object in the stream.
      return {
        kind: "sse",
        chunks: [
          JSON.stringify({
            candidates: [{ content: { role: "model", parts: [{ text: "partial" }] }, index: 0 }],
            modelVersion: "gemini-2.5-flash",
          }),
          JSON.stringify({
            error: { code: 503, message: "The model is overloaded.", status: "UNAVAILABLE" },
          }),
        ],
      };
  }
}

export interface ModelSettings {
  stream: boolean;
  timeoutMs: number;
  /** OpenAI only: the Responses API or Chat Completions. */
  api?: "responses" | "chat";
}

/** A real provider model pointed at its local server. */
export function modelFor(
  servers: ProviderServers,
  provider: ProviderName,
  settings: ModelSettings,
): LanguageModel {
  const common = { apiKey: "test-key", stream: settings.stream, timeoutMs: settings.timeoutMs };
  switch (provider) {
    case "anthropic":
      return anthropic("claude-sonnet-4-6", { baseURL: servers.anthropic.baseURL, ...common });
    case "openai":
      return openai("gpt-5-mini", {
        baseURL: servers.openai.baseURL,
        api: settings.api ?? "responses",
        ...common,
      });
    case "google":
      return google("gemini-2.5-flash", { baseURL: servers.google.baseURL, ...common });
  }
}
