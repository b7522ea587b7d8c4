import type { Message } from "@rlm/core";
import { type OpenAIServer, startOpenAIServer } from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openai, openaiCompatible } from "./openai-provider.js";

const messages: Message[] = [
  { role: "system", content: "You answer with code." },
  { role: "user", content: "Where is the needle?" },
];

let server: OpenAIServer;
beforeEach(async () => {
  server = await startOpenAIServer();
});
afterEach(async () => {
  await server.close();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The JSON bodies the server received, in order. */
function bodies(): Record<string, unknown>[] {
  return server.requests.map((request) => request.json as Record<string, unknown>);
}

function chatModel(modelId = "gpt-5-mini", options: Parameters<typeof openai>[1] = {}) {
  return openai(modelId, { baseURL: server.baseURL, apiKey: "sk-test", api: "chat", ...options });
}

describe("openai() over Chat Completions", () => {
  it("sends the model, messages, max_completion_tokens and temperature", async () => {
    server.reply({ kind: "fixture", fixture: "chat-text" });
    await chatModel("gpt-4.1-mini").generate({ messages, maxOutputTokens: 2000, temperature: 0 });
    expect(server.requests[0]?.url).toBe("/v1/chat/completions");
    expect(bodies()[0]).toEqual({
      model: "gpt-4.1-mini",
      messages,
      max_completion_tokens: 2000,
      temperature: 0,
      stream: false,
    });
  });

  it("maps text, finish reason, usage with cached and reasoning tokens, and cost", async () => {
    server.reply({ kind: "fixture", fixture: "chat-text" });
    const result = await chatModel("gpt-5-mini").generate({ messages });
    expect(result.text).toBe("```repl\nconsole.log(context.length)\n```");
    expect(result.finishReason).toBe("stop");
    expect(result.response).toEqual({
      id: "chatcmpl-CBj2mX7yVq3Lk9RfT0aN4pZs1hG8e",
      modelId: "gpt-5-mini-2025-08-07",
    });
    expect(result.usage).toEqual({
      inputTokens: 2048,
      outputTokens: 320,
      cacheReadInputTokens: 1536,
      reasoningTokens: 256,
    });
    // gpt-5-mini: $0.25 input, $0.025 cached input, $2 output per million tokens.
    expect(result.costUsd).toBeCloseTo((512 * 0.25 + 1536 * 0.025 + 320 * 2) / 1_000_000, 12);
  });

  it("passes reasoning_effort through and leaves temperature out for reasoning models", async () => {
    server.reply({ kind: "fixture", fixture: "chat-text" });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await chatModel("o3").generate({
      messages,
      temperature: 0.5,
      providerOptions: { openai: { reasoningEffort: "minimal" } },
    });
    const body = bodies()[0] ?? {};
    expect(body.reasoning_effort).toBe("minimal");
    expect(body).not.toHaveProperty("temperature");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("temperature"));
  });

  it("maps finish reasons length and content_filter", async () => {
    server.reply(
      { kind: "fixture", fixture: "chat-length" },
      { kind: "fixture", fixture: "chat-content-filter" },
    );
    const length = await chatModel("gpt-4.1-mini").generate({ messages, maxOutputTokens: 12 });
    expect(length.finishReason).toBe("length");
    expect(length.usage.cacheReadInputTokens).toBe(0);
    const filtered = await chatModel("gpt-4o").generate({ messages });
    expect(filtered.finishReason).toBe("content-filter");
    expect(filtered.text).toBe("");
  });

  it("streams when maxOutputTokens exceeds streamAboveMaxOutputTokens, and only then", async () => {
    server.reply(
      { kind: "fixture", fixture: "chat-text" },
      { kind: "fixture", fixture: "chat-text" },
      { kind: "fixture", fixture: "chat-text" },
    );
    await chatModel("gpt-4.1-mini").generate({ messages, maxOutputTokens: 16_000 });
    await chatModel("gpt-4.1-mini").generate({ messages, maxOutputTokens: 16_001 });
    await chatModel("gpt-4.1-mini", { streamAboveMaxOutputTokens: 500 }).generate({
      messages,
      maxOutputTokens: 501,
    });
    expect(bodies().map((body) => body.stream)).toEqual([false, true, true]);
  });

  it("streams with include_usage and collects the text and the final usage", async () => {
    server.reply({ kind: "fixture", fixture: "chat-text" });
    const result = await chatModel("gpt-5-mini", { stream: true }).generate({ messages });
    const body = bodies()[0] ?? {};
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(result.text).toBe("The needle is in chunk 17.");
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toEqual({
      inputTokens: 3100,
      outputTokens: 524,
      cacheReadInputTokens: 2944,
      reasoningTokens: 512,
    });
    expect(result.response.id).toBe("chatcmpl-CBj5Hn4cVx7Qa1ZmR9wE2tKp6yB3d");
    expect(result.costUsd).toBeCloseTo((156 * 0.25 + 2944 * 0.025 + 524 * 2) / 1_000_000, 12);
  });

  it("takes its key from OPENAI_API_KEY when none is given", async () => {
    vi.stubEnv("OPENAI_API_KEY", "sk-from-env");
    server.reply({ kind: "fixture", fixture: "chat-text" });
    await openai("gpt-5-mini", { baseURL: server.baseURL, api: "chat" }).generate({ messages });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-from-env");
  });

  it("makes exactly one HTTP attempt per call, even for a retryable failure", async () => {
    server.reply({ kind: "error", status: 503 }, { kind: "fixture", fixture: "chat-text" });
    await expect(chatModel().generate({ messages })).rejects.toMatchObject({ kind: "server" });
    expect(server.requests).toHaveLength(1);
    expect(server.pending).toBe(1);
  });
});

describe("openaiCompatible()", () => {
  it("talks Chat Completions with max_tokens and no Authorization header by default", async () => {
    // OpenAI's key must never reach another server.
    vi.stubEnv("OPENAI_API_KEY", "sk-from-env");
    server.reply({ kind: "fixture", fixture: "chat-compatible" });
    const model = openaiCompatible({ modelId: "qwen2.5:7b", baseURL: server.baseURL });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const result = await model.generate({ messages, maxOutputTokens: 512, temperature: 0.3 });
    const [request] = server.requests;
    expect(request?.url).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.json).toEqual({
      model: "qwen2.5:7b",
      messages,
      max_tokens: 512,
      temperature: 0.3,
      stream: false,
    });
    expect(model.provider).toBe("openai-compatible");
    expect(result.text).toBe('FINAL("42")');
    // The server reports only totals: the details are unknown, not zero.
    expect(result.usage).toEqual({ inputTokens: 96, outputTokens: 7 });
    expect(result.costUsd).toBeUndefined();
  });

  it("sends its key, its name, its own provider options and extra body fields", async () => {
    server.reply({ kind: "fixture", fixture: "chat-compatible" });
    const model = openaiCompatible({
      modelId: "meta-llama/Llama-3.3-70B-Instruct",
      baseURL: server.baseURL,
      apiKey: "vllm-key",
      name: "vllm",
      pricing: { inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.3 },
    });
    const result = await model.generate({
      messages,
      providerOptions: {
        openai: { extraBody: { top_k: 40 } },
        vllm: { extraBody: { top_k: 20, repetition_penalty: 1.1 } },
      },
    });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer vllm-key");
    expect(bodies()[0]).toMatchObject({ top_k: 20, repetition_penalty: 1.1 });
    expect(model.provider).toBe("vllm");
    expect(model.pricing).toEqual({ inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.3 });
    expect(result.costUsd).toBeCloseTo((96 * 0.1 + 7 * 0.3) / 1_000_000, 12);
  });

  it("streams and accepts a server that sends no usage at all", async () => {
    server.reply({
      kind: "sse",
      events: [
        {
          data: '{"id":"chatcmpl-7","object":"chat.completion.chunk","created":1757001400,"model":"llama","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}',
        },
        {
          data: '{"id":"chatcmpl-7","object":"chat.completion.chunk","created":1757001400,"model":"llama","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}',
        },
        { data: "[DONE]" },
      ],
    });
    const model = openaiCompatible({
      modelId: "llama",
      baseURL: server.baseURL,
      stream: true,
      pricing: { inputPerMillionUsd: 0, outputPerMillionUsd: 0 },
    });
    const result = await model.generate({ messages });
    expect(result.text).toBe("Hi");
    expect(result.usage).toEqual({});
    expect(result.costUsd).toBeUndefined();
  });
});
