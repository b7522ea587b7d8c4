import { type Message, ProviderError, withRetries } from "@rlm/core";
import {
  type OpenAIReply,
  type OpenAIServer,
  openaiErrorBody,
  startOpenAIServer,
} from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openai } from "./openai-provider.js";

const messages: Message[] = [{ role: "user", content: "Count the records." }];

let server: OpenAIServer;
beforeEach(async () => {
  server = await startOpenAIServer();
});
afterEach(async () => {
  await server.close();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

function model(options: Parameters<typeof openai>[1] = {}) {
  return openai("gpt-4.1", { baseURL: server.baseURL, apiKey: "sk-test", ...options });
}

/** The error `generate` rejects with (fails the test if it resolves). */
async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("Expected the call to fail.");
}

async function providerErrorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await failureOf(promise);
  if (!ProviderError.isInstance(error)) throw error;
  return error;
}

describe("HTTP errors", () => {
  const cases: {
    name: string;
    reply: OpenAIReply;
    kind: ProviderError["kind"];
    retryable: boolean;
  }[] = [
    {
      name: "400 bad request",
      reply: {
        kind: "error",
        status: 400,
        body: openaiErrorBody({
          message: "Invalid type for 'max_output_tokens': expected an integer.",
          type: "invalid_request_error",
          param: "max_output_tokens",
          code: "invalid_type",
        }),
      },
      kind: "invalid-request",
      retryable: false,
    },
    {
      name: "400 content policy",
      reply: {
        kind: "error",
        status: 400,
        body: openaiErrorBody({
          message: "Your request was rejected as a result of our safety system.",
          type: "invalid_request_error",
          code: "content_policy_violation",
        }),
      },
      kind: "content-filter",
      retryable: false,
    },
    {
      name: "401 invalid key",
      reply: {
        kind: "error",
        status: 401,
        body: openaiErrorBody({
          message: "Incorrect API key provided: sk-test.",
          type: "invalid_request_error",
          code: "invalid_api_key",
        }),
      },
      kind: "authentication",
      retryable: false,
    },
    {
      name: "403 forbidden",
      reply: { kind: "error", status: 403 },
      kind: "authentication",
      retryable: false,
    },
    {
      name: "404 unknown model",
      reply: {
        kind: "error",
        status: 404,
        body: openaiErrorBody({
          message: "The model `gpt-9` does not exist or you do not have access to it.",
          type: "invalid_request_error",
          code: "model_not_found",
        }),
      },
      kind: "invalid-request",
      retryable: false,
    },
    {
      name: "429 rate limit",
      reply: { kind: "error", status: 429 },
      kind: "rate-limit",
      retryable: true,
    },
    {
      name: "429 quota",
      reply: {
        kind: "error",
        status: 429,
        body: openaiErrorBody({
          message: "You exceeded your current quota, please check your plan and billing details.",
          type: "insufficient_quota",
          code: "insufficient_quota",
        }),
      },
      kind: "quota",
      retryable: false,
    },
    {
      name: "429 quota named only in the error type",
      reply: {
        kind: "error",
        status: 429,
        body: openaiErrorBody({
          message: "You exceeded your current quota.",
          type: "insufficient_quota",
        }),
      },
      kind: "quota",
      retryable: false,
    },
    {
      name: "500 server error",
      reply: { kind: "error", status: 500 },
      kind: "server",
      retryable: true,
    },
    {
      name: "503 overloaded",
      reply: { kind: "error", status: 503 },
      kind: "server",
      retryable: true,
    },
  ];

  for (const testCase of cases) {
    it(`maps ${testCase.name} to ${testCase.kind}`, async () => {
      server.reply(testCase.reply);
      const error = await providerErrorOf(model().generate({ messages }));
      expect(error.kind).toBe(testCase.kind);
      expect(error.isRetryable).toBe(testCase.retryable);
      expect(error.provider).toBe("openai");
      expect(error.status).toBe((testCase.reply as { status: number }).status);
      expect(error.requestId).toBe("req_test_1");
      const body = (testCase.reply as { body?: { error: { message: string } } }).body;
      if (body) expect(error.message).toContain(body.error.message);
      expect(server.requests).toHaveLength(1);
    });
  }

  it("reads retry-after (seconds) and retry-after-ms", async () => {
    server.reply(
      { kind: "error", status: 429, headers: { "retry-after": "7" } },
      {
        kind: "error",
        status: 503,
        headers: { "retry-after-ms": "250", "x-request-id": "req_abc" },
      },
    );
    const seconds = await providerErrorOf(model().generate({ messages }));
    expect(seconds.retryAfterMs).toBe(7000);
    const milliseconds = await providerErrorOf(model().generate({ messages }));
    expect(milliseconds.retryAfterMs).toBe(250);
    expect(milliseconds.requestId).toBe("req_abc");
  });

  it("lets x-should-retry override the status, except for quota and authentication", async () => {
    server.reply(
      { kind: "error", status: 400, headers: { "x-should-retry": "true" } },
      { kind: "error", status: 503, headers: { "x-should-retry": "false" } },
      {
        kind: "error",
        status: 429,
        headers: { "x-should-retry": "true" },
        body: openaiErrorBody({
          message: "You exceeded your current quota.",
          type: "insufficient_quota",
          code: "insufficient_quota",
        }),
      },
      { kind: "error", status: 401, headers: { "x-should-retry": "true" } },
    );
    const conflict = await providerErrorOf(model().generate({ messages }));
    expect([conflict.kind, conflict.isRetryable]).toEqual(["invalid-request", true]);
    const unavailable = await providerErrorOf(model().generate({ messages }));
    expect([unavailable.kind, unavailable.isRetryable]).toEqual(["server", false]);
    const quota = await providerErrorOf(model().generate({ messages }));
    expect([quota.kind, quota.isRetryable]).toEqual(["quota", false]);
    const unauthenticated = await providerErrorOf(model().generate({ messages }));
    expect([unauthenticated.kind, unauthenticated.isRetryable]).toEqual(["authentication", false]);
  });

  it("falls back to the exhausted limit's x-ratelimit-reset header on a 429", async () => {
    server.reply({
      kind: "error",
      status: 429,
      headers: {
        "x-ratelimit-remaining-requests": "499",
        "x-ratelimit-reset-requests": "120ms",
        "x-ratelimit-remaining-tokens": "0",
        "x-ratelimit-reset-tokens": "1.5s",
      },
    });
    const error = await providerErrorOf(model().generate({ messages }));
    expect(error.retryAfterMs).toBe(1500);
  });

  it("lets core's withRetries honour retry-after: a 429, then success", async () => {
    server.reply(
      { kind: "error", status: 429, headers: { "retry-after-ms": "300" } },
      { kind: "fixture", fixture: "responses-text" },
    );
    const subject = model({ api: "responses" });
    const started = performance.now();
    // Backoff alone would wait 5 to 10 minutes, a hang the test's ceiling reports: only the
    // server's 300 ms lets the retry come at all.
    const policy = { maxRetries: 2, initialDelayMs: 600_000, maxDelayMs: 600_000 };
    const result = await withRetries({ policy, attempt: () => subject.generate({ messages }) });
    const elapsed = performance.now() - started;
    expect(result.finishReason).toBe("stop");
    expect(server.requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(280);
  });
});

describe("broken responses", () => {
  it("maps malformed JSON to a retryable invalid-response error", async () => {
    server.reply({ kind: "malformed-json" });
    const error = await providerErrorOf(model({ api: "chat" }).generate({ messages }));
    expect(error.kind).toBe("invalid-response");
    expect(error.isRetryable).toBe(true);
    expect(error.requestId).toBe("req_test_1");
  });

  it("maps a malformed event in a stream to invalid-response", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    server.reply({
      kind: "sse",
      events: [
        {
          data: '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4.1","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}',
        },
        { data: '{"id":"chatcmpl-1","object":"chat.comp' },
      ],
    });
    const error = await providerErrorOf(
      model({ api: "chat", stream: true }).generate({ messages }),
    );
    expect(error.kind).toBe("invalid-response");
    expect(error.message).toContain("not valid JSON");
  });

  it("maps an error object inside a chat stream to a retryable server error", async () => {
    server.reply({
      kind: "sse",
      events: [
        {
          data: '{"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"gpt-4.1","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}',
        },
        { data: '{"error":{"code":502,"message":"Upstream provider returned an error."}}' },
      ],
    });
    const error = await providerErrorOf(
      model({ api: "chat", stream: true }).generate({ messages }),
    );
    expect(error.kind).toBe("server");
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain("Upstream provider returned an error.");
  });

  it("maps a body of the wrong shape to invalid-response", async () => {
    server.reply({ kind: "json", body: { object: "list", data: [] } });
    const error = await providerErrorOf(model().generate({ messages }));
    expect(error.kind).toBe("invalid-response");
    expect(error.message).toContain("unusable response");
    expect(error.status).toBe(200);
  });

  it("maps a chat stream that ends after the answer but before its usage to invalid-response", async () => {
    // chat-text's first five events carry the whole answer and finish_reason; the sixth the usage.
    server.reply({ kind: "cut-stream", fixture: "chat-text", afterEvents: 5, ending: "end" });
    const error = await providerErrorOf(
      model({ api: "chat", stream: true }).generate({ messages }),
    );
    expect(error.kind).toBe("invalid-response");
    expect(error.message).toContain("token usage");
  });

  for (const api of ["chat", "responses"] as const) {
    for (const ending of ["destroy", "end"] as const) {
      it(`maps a ${api} stream cut mid-way (${ending}) to invalid-response`, async () => {
        const fixture = api === "chat" ? "chat-text" : "responses-text";
        server.reply({ kind: "cut-stream", fixture, afterEvents: 3, ending });
        const error = await providerErrorOf(model({ api, stream: true }).generate({ messages }));
        expect(error.kind).toBe("invalid-response");
        expect(error.isRetryable).toBe(true);
        expect(error.requestId).toBe("req_test_1");
      });
    }
  }

  it("maps a refused connection to a retryable connection error", async () => {
    const { baseURL } = server;
    await server.close();
    const subject = openai("gpt-4.1", { baseURL, apiKey: "sk-test" });
    const error = await providerErrorOf(subject.generate({ messages }));
    expect(error.kind).toBe("connection");
    expect(error.isRetryable).toBe(true);
    expect(error.status).toBeUndefined();
  });

  it("fails without a key as an authentication error, before any request", async () => {
    vi.stubEnv("OPENAI_API_KEY", "");
    const subject = openai("gpt-4.1", { baseURL: server.baseURL });
    const error = await providerErrorOf(subject.generate({ messages }));
    expect(error.kind).toBe("authentication");
    expect(error.isRetryable).toBe(false);
    expect(server.requests).toHaveLength(0);
  });
});

describe("abort and timeout", () => {
  it("rejects with the abort reason when aborted while waiting for the response", async () => {
    server.reply({ kind: "hang" });
    const controller = new AbortController();
    const reason = new Error("run cancelled");
    setTimeout(() => controller.abort(reason), 50);
    // The server never answers: only the abort can end the request.
    const error = await failureOf(model().generate({ messages, abortSignal: controller.signal }));
    expect(error).toBe(reason);
  });

  it("rejects with the abort reason when aborted mid-stream", async () => {
    server.reply({ kind: "cut-stream", fixture: "chat-text", afterEvents: 2, ending: "hang" });
    const controller = new AbortController();
    setTimeout(() => controller.abort("stop"), 100);
    const subject = model({ api: "chat", stream: true });
    const error = await failureOf(subject.generate({ messages, abortSignal: controller.signal }));
    expect(error).toBe("stop");
  });

  it("sends nothing when the signal is already aborted", async () => {
    const reason = new Error("already gone");
    const error = await failureOf(
      model().generate({ messages, abortSignal: AbortSignal.abort(reason) }),
    );
    expect(error).toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it("times out a request that gets no response", async () => {
    server.reply({ kind: "hang" });
    // The server never answers: only the timeout can end the request.
    const error = await providerErrorOf(model({ timeoutMs: 150 }).generate({ messages }));
    expect(error.kind).toBe("timeout");
    expect(error.isRetryable).toBe(true);
  });

  it("times out a stream that stalls after its first events", async () => {
    server.reply({ kind: "cut-stream", fixture: "responses-text", afterEvents: 4, ending: "hang" });
    const subject = model({ api: "responses", stream: true, timeoutMs: 200 });
    const error = await providerErrorOf(subject.generate({ messages }));
    expect(error.kind).toBe("timeout");
    expect(error.requestId).toBe("req_test_1");
  });
});

describe("credentials in error bodies", () => {
  it("keeps the API key out of the error message when the server echoes it", async () => {
    const key = "sk-test-CANARY-1234567890";
    server.reply({
      kind: "error",
      status: 401,
      body: openaiErrorBody({
        message: `Incorrect API key provided: ${key}.`,
        type: "invalid_request_error",
        code: "invalid_api_key",
      }),
    });
    const error = await providerErrorOf(model({ apiKey: key }).generate({ messages }));
    expect(error.kind).toBe("authentication");
    expect(error.message).not.toContain(key);
    expect(error.message).toContain("[redacted credential]");
  });
});
