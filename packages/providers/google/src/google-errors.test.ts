import { DEFAULT_RETRY_POLICY, type Message, ProviderError, withRetries } from "@rlm/core";
import {
  type GoogleServer,
  googleErrorBody,
  googleQuotaFailure,
  googleRetryInfo,
  startGoogleServer,
} from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { google } from "./google-provider.js";

const messages: Message[] = [{ role: "user", content: "Count the records." }];

let server: GoogleServer;
beforeEach(async () => {
  server = await startGoogleServer();
});
afterEach(async () => {
  await server.close();
});

function model(options: Parameters<typeof google>[1] = {}) {
  return google("gemini-2.5-flash", {
    baseURL: server.baseURL,
    apiKey: "gemini-test-key",
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
    name: string;
    status: number;
    body?: unknown;
    kind: ProviderError["kind"];
    retryable: boolean;
  }[] = [
    { name: "400", status: 400, kind: "invalid-request", retryable: false },
    {
      name: "400 invalid API key",
      status: 400,
      body: googleErrorBody({
        code: 400,
        message: "API key not valid. Please pass a valid API key.",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "API_KEY_INVALID",
            domain: "googleapis.com",
          },
        ],
      }),
      kind: "authentication",
      retryable: false,
    },
    { name: "401", status: 401, kind: "authentication", retryable: false },
    { name: "403", status: 403, kind: "authentication", retryable: false },
    { name: "404", status: 404, kind: "invalid-request", retryable: false },
    { name: "429", status: 429, kind: "rate-limit", retryable: true },
    {
      name: "429 per-minute quota",
      status: 429,
      body: googleErrorBody({
        code: 429,
        details: [
          googleQuotaFailure("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
          googleRetryInfo("13s"),
        ],
      }),
      kind: "rate-limit",
      retryable: true,
    },
    {
      name: "429 daily quota",
      status: 429,
      body: googleErrorBody({
        code: 429,
        details: [
          googleQuotaFailure("GenerateRequestsPerDayPerProjectPerModel-FreeTier"),
          googleRetryInfo("43s"),
        ],
      }),
      kind: "quota",
      retryable: false,
    },
    { name: "500", status: 500, kind: "server", retryable: true },
    { name: "503", status: 503, kind: "server", retryable: true },
  ];
  for (const { name, status, body, kind, retryable } of cases) {
    it(`maps ${name} to ${kind} in one attempt`, async () => {
      server.reply({ kind: "error", status, ...(body ? { body } : {}) });
      const error = await providerErrorOf(model().generate({ messages }));
      expect(error.kind).toBe(kind);
      expect(error.provider).toBe("gcp.gemini");
      expect(error.status).toBe(status);
      expect(error.isRetryable).toBe(retryable);
      expect(server.requests).toHaveLength(1);
    });
  }

  it("reads the retry delay from RetryInfo, and retry-after first", async () => {
    server.reply(
      {
        kind: "error",
        status: 429,
        body: googleErrorBody({ code: 429, details: [googleRetryInfo("13s")] }),
      },
      { kind: "error", status: 429, headers: { "retry-after": "2" } },
    );
    expect((await providerErrorOf(model().generate({ messages }))).retryAfterMs).toBe(13_000);
    expect((await providerErrorOf(model().generate({ messages }))).retryAfterMs).toBe(2000);
  });

  it("lets core's withRetries honour the retry delay: a 429, then success, is two requests", async () => {
    server.reply(
      {
        kind: "error",
        status: 429,
        body: googleErrorBody({ code: 429, details: [googleRetryInfo("0.05s")] }),
      },
      { kind: "fixture", fixture: "generate-text" },
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

  it("lets x-should-retry override the status, except for quota and authentication", async () => {
    server.reply(
      { kind: "error", status: 400, headers: { "x-should-retry": "true" } },
      { kind: "error", status: 503, headers: { "x-should-retry": "false" } },
      { kind: "error", status: 401, headers: { "x-should-retry": "true" } },
    );
    const invalid = await providerErrorOf(model().generate({ messages }));
    expect([invalid.kind, invalid.isRetryable]).toEqual(["invalid-request", true]);
    const unavailable = await providerErrorOf(model().generate({ messages }));
    expect([unavailable.kind, unavailable.isRetryable]).toEqual(["server", false]);
    const unauthenticated = await providerErrorOf(model().generate({ messages }));
    expect([unauthenticated.kind, unauthenticated.isRetryable]).toEqual(["authentication", false]);
  });

  it("maps an HTTP error of a streamed request the same way", async () => {
    server.reply({ kind: "error", status: 429, headers: { "retry-after": "3" } });
    const error = await providerErrorOf(model({ stream: true }).generate({ messages }));
    expect(error.kind).toBe("rate-limit");
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(3000);
    expect(server.requests).toHaveLength(1);
  });

  it("maps an error chunk inside a stream by its code", async () => {
    server.reply({
      kind: "sse",
      chunks: [JSON.stringify(googleErrorBody({ code: 503 }))],
    });
    const error = await providerErrorOf(model({ stream: true }).generate({ messages }));
    expect(error.kind).toBe("server");
    expect(error.isRetryable).toBe(true);
    // The response itself was a 200: the code is not an HTTP status.
    expect(error.status).toBeUndefined();
  });
});

describe("content filter", () => {
  it("turns a blocked prompt into a content-filter error", async () => {
    server.reply({ kind: "fixture", fixture: "generate-blocked-prompt" });
    const error = await providerErrorOf(model().generate({ messages }));
    expect(error.kind).toBe("content-filter");
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain("PROHIBITED_CONTENT");
  });

  it("turns a SAFETY finish with no text into a content-filter error", async () => {
    server.reply({ kind: "fixture", fixture: "generate-safety" });
    const error = await providerErrorOf(model().generate({ messages }));
    expect(error.kind).toBe("content-filter");
  });
});

describe("broken responses", () => {
  it("maps malformed JSON to invalid-response", async () => {
    server.reply({ kind: "malformed-json" });
    const error = await providerErrorOf(model().generate({ messages }));
    expect(error.kind).toBe("invalid-response");
    expect(error.isRetryable).toBe(true);
  });

  it("maps a 200 without candidates to invalid-response", async () => {
    server.reply({ kind: "json", body: { modelVersion: "gemini-2.5-flash" } });
    const error = await providerErrorOf(model().generate({ messages }));
    expect(error.kind).toBe("invalid-response");
  });

  const cuts: { ending: "destroy" | "end"; afterChunks: number }[] = [
    { ending: "destroy", afterChunks: 1 },
    { ending: "end", afterChunks: 2 },
    { ending: "end", afterChunks: 0 },
  ];
  for (const { ending, afterChunks } of cuts) {
    it(`maps a stream cut after ${afterChunks} chunks (${ending}) to invalid-response, without reconnecting`, async () => {
      server.reply({ kind: "cut-stream", fixture: "generate-text", afterChunks, ending });
      const error = await providerErrorOf(model({ stream: true }).generate({ messages }));
      expect(error.kind).toBe("invalid-response");
      expect(error.isRetryable).toBe(true);
      expect(server.requests).toHaveLength(1);
    });
  }

  it("fails without a key as an authentication error, before any request", async () => {
    const saved = { gemini: process.env.GEMINI_API_KEY, google: process.env.GOOGLE_API_KEY };
    delete process.env.GEMINI_API_KEY;
    delete process.env.GOOGLE_API_KEY;
    try {
      const error = await providerErrorOf(
        google("gemini-2.5-flash", { baseURL: server.baseURL }).generate({ messages }),
      );
      expect(error.kind).toBe("authentication");
      expect(error.isRetryable).toBe(false);
      // Said at once, not after the SDK's fallback to Google Cloud credentials probed the network.
      expect(error.message).toContain("GEMINI_API_KEY");
      expect(server.requests).toHaveLength(0);
    } finally {
      if (saved.gemini !== undefined) process.env.GEMINI_API_KEY = saved.gemini;
      if (saved.google !== undefined) process.env.GOOGLE_API_KEY = saved.google;
    }
  });

  it("maps an unreachable server to connection", async () => {
    const url = server.baseURL;
    await server.close();
    const error = await providerErrorOf(
      google("gemini-2.5-flash", { baseURL: url, apiKey: "k" }).generate({ messages }),
    );
    expect(error.kind).toBe("connection");
    expect(error.isRetryable).toBe(true);
    server = await startGoogleServer();
  });
});

describe("abort and timeout", () => {
  it("rejects with the caller's abort reason", async () => {
    server.reply({ kind: "hang" });
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    setTimeout(() => controller.abort(reason), 50);
    const error = await failureOf(model().generate({ messages, abortSignal: controller.signal }));
    expect(error).toBe(reason);
  });

  it("aborts a stream midway", async () => {
    server.reply({ kind: "cut-stream", fixture: "generate-text", afterChunks: 1, ending: "hang" });
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
    server.reply({ kind: "cut-stream", fixture: "generate-text", afterChunks: 1, ending: "hang" });
    const error = await providerErrorOf(
      model({ stream: true, timeoutMs: 150 }).generate({ messages }),
    );
    expect(error.kind).toBe("timeout");
  });
});

describe("credentials in error bodies", () => {
  it("keeps the API key out of the error message when the server echoes it", async () => {
    const key = "gemini-CANARY-1234567890";
    server.reply({
      kind: "error",
      status: 401,
      body: googleErrorBody({ code: 400, message: `API key not valid: ${key}` }),
    });
    const error = await providerErrorOf(model({ apiKey: key }).generate({ messages }));
    expect(error.kind).toBe("authentication");
    expect(error.message).not.toContain(key);
    expect(error.message).toContain("[redacted credential]");
  });
});
