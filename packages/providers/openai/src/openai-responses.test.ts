import type { Message } from "@rlm/core";
import { type OpenAIServer, startOpenAIServer } from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openai } from "./openai-provider.js";

const messages: Message[] = [
  { role: "system", content: "You answer with code." },
  { role: "user", content: "How long is the context?" },
  { role: "assistant", content: "```repl\nconsole.log(context.length)\n```" },
  { role: "user", content: "Output: 120000" },
];

let server: OpenAIServer;
beforeEach(async () => {
  server = await startOpenAIServer();
});
afterEach(async () => {
  await server.close();
  vi.restoreAllMocks();
});

/** The JSON bodies the server received, in order. */
function bodies(): Record<string, unknown>[] {
  return server.requests.map((request) => request.json as Record<string, unknown>);
}

function model(modelId = "gpt-5", options: Parameters<typeof openai>[1] = {}) {
  return openai(modelId, { baseURL: server.baseURL, apiKey: "sk-test", ...options });
}

describe("openai() over the Responses API", () => {
  it("sends the model, the messages as input, the token limit and store: false", async () => {
    server.reply({ kind: "fixture", fixture: "responses-text" });
    await model("gpt-4.1").generate({ messages, maxOutputTokens: 4096, temperature: 0.2 });

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/v1/responses");
    expect(request?.headers.authorization).toBe("Bearer sk-test");
    expect(request?.json).toEqual({
      model: "gpt-4.1",
      input: messages.map((message) => ({ type: "message", ...message })),
      max_output_tokens: 4096,
      temperature: 0.2,
      store: false,
      stream: false,
    });
  });

  it("returns the text, finish reason, response id and model", async () => {
    server.reply({ kind: "fixture", fixture: "responses-text" });
    const result = await model().generate({ messages });
    expect(result.text).toBe(
      '```repl\nconst parts = context.split("\\n\\n");\nconsole.log(parts.length);\n```',
    );
    expect(result.finishReason).toBe("stop");
    expect(result.response).toEqual({
      id: "resp_68ba1c2f5e7c8190a3d4b5e6f7a8b9c00d1e2f3a4b5c6d7e",
      modelId: "gpt-5-2025-08-07",
    });
  });

  it("maps usage with cached and reasoning tokens and prices cached input apart", async () => {
    server.reply({ kind: "fixture", fixture: "responses-text" });
    const result = await model("gpt-5").generate({ messages });
    expect(result.usage).toEqual({
      inputTokens: 4200,
      outputTokens: 1450,
      cacheReadInputTokens: 3968,
      reasoningTokens: 1216,
    });
    expect(result.usage.cacheWriteInputTokens).toBeUndefined();
    // gpt-5: $1.25 input, $0.125 cached input, $10 output per million tokens.
    const expected = (232 * 1.25 + 3968 * 0.125 + 1450 * 10) / 1_000_000;
    expect(result.costUsd).toBeCloseTo(expected, 12);
  });

  it("passes reasoning settings from providerOptions.openai through", async () => {
    server.reply({ kind: "fixture", fixture: "responses-text" });
    const reasoner = model("o4-mini", { providerOptions: { serviceTier: "flex" } });
    await reasoner.generate({
      messages,
      temperature: 0.7,
      providerOptions: {
        openai: { reasoningEffort: "high", verbosity: "low", promptCacheKey: "run-1", store: true },
      },
    });
    const body = bodies()[0] ?? {};
    expect(body.reasoning).toEqual({ effort: "high" });
    expect(body.text).toEqual({ verbosity: "low" });
    expect(body.service_tier).toBe("flex");
    expect(body.prompt_cache_key).toBe("run-1");
    expect(body.store).toBe(true);
    // Reasoning models reject temperature.
    expect(body).not.toHaveProperty("temperature");
  });

  it("reports a response cut by max_output_tokens as finish reason length", async () => {
    server.reply({ kind: "fixture", fixture: "responses-incomplete" });
    const result = await model("o4-mini").generate({ messages, maxOutputTokens: 64 });
    expect(result.finishReason).toBe("length");
    expect(result.text).toBe("");
    expect(result.usage).toEqual({
      inputTokens: 640,
      outputTokens: 64,
      cacheReadInputTokens: 0,
      reasoningTokens: 64,
    });
  });

  it("returns a refusal as its text with finish reason content-filter", async () => {
    server.reply({
      kind: "json",
      body: {
        id: "resp_refused",
        object: "response",
        status: "completed",
        model: "gpt-5-2025-08-07",
        incomplete_details: null,
        error: null,
        output: [
          {
            id: "msg_refused",
            type: "message",
            role: "assistant",
            status: "completed",
            content: [{ type: "refusal", refusal: "I can't help with that." }],
          },
        ],
        usage: {
          input_tokens: 30,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: 9,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: 39,
        },
      },
    });
    const result = await model().generate({ messages });
    expect(result.text).toBe("I can't help with that.");
    expect(result.finishReason).toBe("content-filter");
  });

  it("streams when asked, collecting the text and the final usage", async () => {
    server.reply({ kind: "fixture", fixture: "responses-text" });
    const result = await model("gpt-5-mini", { stream: true }).generate({ messages });
    expect(bodies()[0]?.stream).toBe(true);
    expect(result.text).toBe('FINAL("The needle is in chunk 17.")');
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toEqual({
      inputTokens: 5120,
      outputTokens: 2230,
      cacheReadInputTokens: 4096,
      reasoningTokens: 2176,
    });
    expect(result.response.id).toBe("resp_68ba1e7b2c3d8190b4a5f6e7d8c9b0a10e1f2a3b4c5d6e7f");
    const expected = (1024 * 0.25 + 4096 * 0.025 + 2230 * 2) / 1_000_000;
    expect(result.costUsd).toBeCloseTo(expected, 12);
  });

  it("streams on its own when maxOutputTokens is large", async () => {
    server.reply(
      { kind: "fixture", fixture: "responses-text" },
      { kind: "fixture", fixture: "responses-text" },
    );
    const automatic = model("gpt-5-mini", { streamAboveMaxOutputTokens: 10_000 });
    await automatic.generate({ messages, maxOutputTokens: 8_000 });
    await automatic.generate({ messages, maxOutputTokens: 32_000 });
    const streamFlags = server.requests.map(
      (request) => (request.json as { stream?: unknown }).stream,
    );
    expect(streamFlags).toEqual([false, true]);
  });

  it("turns a response.failed event into a retryable server error", async () => {
    server.reply({ kind: "fixture", fixture: "responses-failed" });
    const failure = model("gpt-5", { stream: true }).generate({ messages });
    await expect(failure).rejects.toMatchObject({
      name: "ProviderError",
      kind: "server",
      isRetryable: true,
      requestId: "req_test_1",
    });
  });

  it("turns a non-streamed response with status failed into a ProviderError", async () => {
    server.reply({
      kind: "json",
      body: {
        id: "resp_failed",
        object: "response",
        status: "failed",
        model: "gpt-5-2025-08-07",
        error: { code: "server_error", message: "The model failed to generate a response." },
        incomplete_details: null,
        output: [],
        usage: null,
      },
    });
    const failure = model().generate({ messages });
    await expect(failure).rejects.toMatchObject({
      name: "ProviderError",
      kind: "server",
      isRetryable: true,
      requestId: "req_test_1",
    });
  });

  it("turns a stream error event into a ProviderError of the matching kind", async () => {
    server.reply({
      kind: "sse",
      events: [
        {
          event: "error",
          data: JSON.stringify({
            type: "error",
            code: "rate_limit_exceeded",
            message: "Rate limit reached for gpt-5 on tokens per min (TPM).",
            param: null,
            sequence_number: 3,
          }),
        },
      ],
    });
    const failure = model("gpt-5", { stream: true }).generate({ messages });
    await expect(failure).rejects.toMatchObject({ kind: "rate-limit", isRetryable: true });
  });
});
