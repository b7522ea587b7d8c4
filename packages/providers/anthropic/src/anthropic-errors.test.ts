import { DEFAULT_RETRY_POLICY, type Message, ProviderError, withRetries } from "@rlm/core";
import {
  type AnthropicReply,
  type AnthropicServer,
  anthropicErrorBody,
  startAnthropicServer,
} from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { anthropic } from "./anthropic-provider.js";

const messages: Message[] = [{ role: "user", content: "Count the records." }];

let server: AnthropicServer;
beforeEach(async () => {
  server = await startAnthropicServer();
});
afterEach(async () => {
  await server.close();
});

function model(options: Parameters<typeof anthropic>[1] = {}) {
  return anthropic("claude-sonnet-4-6", {
    baseURL: server.baseURL,
    apiKey: "sk-ant-test",
    ...options,
  });
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
    status: number;
    body?: unknown;
    kind: ProviderError["kind"];
    retryable: boolean;
  }[] = [
    { status: 400, kind: "invalid-request", retryable: false },
    { status: 401, kind: "authentication", retryable: false },
    { status: 403, kind: "authentication", retryable: false },
    { status: 404, kind: "invalid-request", retryable: false },
    { status: 413, kind: "invalid-request", retryable: false },
    { status: 409, kind: "server", retryable: true },
    {
      status: 400,
      body: anthropicErrorBody({
        type: "billing_error",
        message: "Your credit balance is too low to access the Anthropic API.",
      }),
      kind: "quota",
      retryable: false,
    },
    { status: 429, kind: "rate-limit", retryable: true },
    { status: 500, kind: "server", retryable: true },
    { status: 503, kind: "server", retryable: true },
    { status: 529, kind: "server", retryable: true },
  ];
  for (const { status, body, kind, retryable } of cases) {
    it(`maps ${status}${body ? " (billing)" : ""} to ${kind}, with status and request id, in one attempt`, async () => {
      server.reply({ kind: "error", status, ...(body ? { body } : {}) });
      const error = await providerErrorOf(model().generate({ messages }));
      expect(error.kind).toBe(kind);
      expect(error.provider).toBe("anthropic");
      expect(error.status).toBe(status);
      expect(error.isRetryable).toBe(retryable);
      expect(error.requestId).toBe("req_test_1");
      expect(server.requests).toHaveLength(1);
    });
  }

  it("maps an HTTP error of a streamed request the same way", async () => {
    server.reply({ kind: "error", status: 529, headers: { "retry-after": "3" } });
    const error = await providerErrorOf(model({ stream: true }).generate({ messages }));
    expect(error.kind).toBe("server");
    expect(error.status).toBe(529);
    expect(error.retryAfterMs).toBe(3000);
    expect(error.requestId).toBe("req_test_1");
    expect(server.requests).toHaveLength(1);
  });

  it("lets x-should-retry override the status, except for quota and authentication", async () => {
    server.reply(
      { kind: "error", status: 500, headers: { "x-should-retry": "false" } },
      { kind: "error", status: 400, headers: { "x-should-retry": "true" } },
      { kind: "error", status: 401, headers: { "x-should-retry": "true" } },
    );
    const notRetryable = await providerErrorOf(model().generate({ messages }));
    expect(notRetryable).toMatchObject({ kind: "server", isRetryable: false });
    const retryable = await providerErrorOf(model().generate({ messages }));
    expect(retryable).toMatchObject({ kind: "invalid-request", isRetryable: true });
    const unauthenticated = await providerErrorOf(model().generate({ messages }));
    expect(unauthenticated).toMatchObject({ kind: "authentication", isRetryable: false });
    expect(server.requests).toHaveLength(3);
  });

  it("reads retry-after", async () => {
    server.reply({ kind: "error", status: 429, headers: { "retry-after": "7" } });
    const error = await providerErrorOf(model().generate({ messages }));
    expect(error.retryAfterMs).toBe(7000);
  });

  it("lets core's withRetries honour retry-after: a 429, then success, is two requests", async () => {
    server.reply(
      { kind: "error", status: 429, headers: { "retry-after-ms": "50" } },
      { kind: "fixture", fixture: "messages-text" },
    );
    const started = Date.now();
    // Backoff alone would wait 5 to 10 minutes, a hang the test's ceiling reports: only the
    // server's 50 ms lets the retry come at all.
    const result = await withRetries({
      policy: { ...DEFAULT_RETRY_POLICY, initialDelayMs: 600_000, maxDelayMs: 600_000 },
      attempt: () => model().generate({ messages }),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(result.text).toContain("repl");
    expect(server.requests).toHaveLength(2);
  });
});

describe("content filter", () => {
  it("turns a refusal with no text into a content-filter error", async () => {
    server.reply({ kind: "fixture", fixture: "messages-refusal" });
    const error = await providerErrorOf(model().generate({ messages }));
    expect(error.kind).toBe("content-filter");
    expect(error.isRetryable).toBe(false);
    expect(error.requestId).toBe("req_test_1");
  });
});

describe("broken responses", () => {
  it("maps malformed JSON to invalid-response", async () => {
    server.reply({ kind: "malformed-json" });
    const error = await providerErrorOf(model().generate({ messages }));
    expect(error.kind).toBe("invalid-response");
    expect(error.isRetryable).toBe(true);
    expect(error.requestId).toBe("req_test_1");
  });

  it("maps a 200 that is not a message to invalid-response", async () => {
    server.reply({ kind: "json", body: { hello: "world" } });
    const error = await providerErrorOf(model().generate({ messages }));
    expect(error.kind).toBe("invalid-response");
  });

  const cuts: { ending: "destroy" | "end"; afterEvents: number }[] = [
    { ending: "destroy", afterEvents: 3 },
    { ending: "end", afterEvents: 5 },
    { ending: "end", afterEvents: 0 },
  ];
  for (const { ending, afterEvents } of cuts) {
    it(`maps a stream cut after ${afterEvents} events (${ending}) to invalid-response`, async () => {
      server.reply({ kind: "cut-stream", fixture: "messages-text", afterEvents, ending });
      const error = await providerErrorOf(model({ stream: true }).generate({ messages }));
      expect(error.kind).toBe("invalid-response");
      expect(error.isRetryable).toBe(true);
      expect(server.requests).toHaveLength(1);
    });
  }

  it("maps an error event inside a stream by its type", async () => {
    const overloaded = anthropicErrorBody({ type: "overloaded_error", message: "Overloaded" });
    const events: AnthropicReply = {
      kind: "sse",
      events: [
        {
          event: "message_start",
          data: JSON.stringify({
            type: "message_start",
            message: {
              id: "msg_1",
              type: "message",
              role: "assistant",
              model: "claude-sonnet-4-6",
              content: [],
              stop_reason: null,
              usage: { input_tokens: 10, output_tokens: 1 },
            },
          }),
        },
        { event: "error", data: JSON.stringify(overloaded) },
      ],
    };
    server.reply(events);
    const error = await providerErrorOf(model({ stream: true }).generate({ messages }));
    expect(error.kind).toBe("server");
    expect(error.isRetryable).toBe(true);
    expect(error.requestId).toBe("req_test_1");
  });

  it("fails without a key as an authentication error, before any request", async () => {
    const saved = {
      apiKey: process.env.ANTHROPIC_API_KEY,
      token: process.env.ANTHROPIC_AUTH_TOKEN,
    };
    delete process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_AUTH_TOKEN;
    try {
      const error = await providerErrorOf(
        anthropic("claude-sonnet-4-6", { baseURL: server.baseURL }).generate({ messages }),
      );
      expect(error.kind).toBe("authentication");
      expect(error.isRetryable).toBe(false);
      expect(server.requests).toHaveLength(0);
    } finally {
      if (saved.apiKey !== undefined) process.env.ANTHROPIC_API_KEY = saved.apiKey;
      if (saved.token !== undefined) process.env.ANTHROPIC_AUTH_TOKEN = saved.token;
    }
  });

  it("maps an unreachable server to connection", async () => {
    const url = server.baseURL;
    await server.close();
    const error = await providerErrorOf(
      anthropic("claude-sonnet-4-6", { baseURL: url, apiKey: "k" }).generate({ messages }),
    );
    expect(error.kind).toBe("connection");
    expect(error.isRetryable).toBe(true);
    server = await startAnthropicServer();
  });
});

describe("abort and timeout", () => {
  it("rejects with the caller's abort reason, not a retryable error", async () => {
    server.reply({ kind: "hang" });
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    setTimeout(() => controller.abort(reason), 50);
    const error = await failureOf(model().generate({ messages, abortSignal: controller.signal }));
    expect(error).toBe(reason);
  });

  it("aborts a stream midway", async () => {
    server.reply({ kind: "cut-stream", fixture: "messages-text", afterEvents: 3, ending: "hang" });
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    setTimeout(() => controller.abort(reason), 80);
    const error = await failureOf(
      model({ stream: true }).generate({ messages, abortSignal: controller.signal }),
    );
    expect(error).toBe(reason);
  });

  it("maps a request that outlives timeoutMs to timeout", async () => {
    server.reply({ kind: "hang" });
    const error = await providerErrorOf(model({ timeoutMs: 100 }).generate({ messages }));
    expect(error.kind).toBe("timeout");
    expect(error.isRetryable).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it("maps a stream that stalls past timeoutMs to timeout", async () => {
    server.reply({ kind: "cut-stream", fixture: "messages-text", afterEvents: 3, ending: "hang" });
    const error = await providerErrorOf(
      model({ stream: true, timeoutMs: 150 }).generate({ messages }),
    );
    expect(error.kind).toBe("timeout");
  });
});

describe("credentials in error bodies", () => {
  it("keeps the API key out of the error message when the server echoes it", async () => {
    const key = "sk-ant-CANARY-1234567890";
    server.reply({
      kind: "error",
      status: 401,
      body: anthropicErrorBody({
        type: "authentication_error",
        message: `invalid x-api-key: ${key}`,
      }),
    });
    const error = await providerErrorOf(model({ apiKey: key }).generate({ messages }));
    expect(error.kind).toBe("authentication");
    expect(error.message).not.toContain(key);
    expect(error.message).toContain("[redacted credential]");
  });
});
