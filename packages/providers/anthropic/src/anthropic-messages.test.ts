import type { Message } from "@rlm/core";
import { type AnthropicServer, startAnthropicServer } from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { anthropic } from "./anthropic-provider.js";

const messages: Message[] = [
  { role: "system", content: "You answer with code in a repl block." },
  { role: "user", content: "Count the records." },
  { role: "assistant", content: "```repl\nconsole.log(1)\n```" },
  { role: "user", content: "Output: 1" },
];

let server: AnthropicServer;
beforeEach(async () => {
  server = await startAnthropicServer();
});
afterEach(async () => {
  await server.close();
  vi.restoreAllMocks();
});

function model(options: Parameters<typeof anthropic>[1] = {}, modelId = "claude-sonnet-4-6") {
  return anthropic(modelId, { baseURL: server.baseURL, apiKey: "sk-ant-test", ...options });
}

/** The JSON body of a recorded request. */
function bodyOf(index = 0): Record<string, unknown> {
  return (server.requests[index]?.json ?? {}) as Record<string, unknown>;
}

describe("request", () => {
  it("sends the system prompt with a cache breakpoint, the turns and max_tokens", async () => {
    server.reply({ kind: "fixture", fixture: "messages-text" });
    await model().generate({ messages, maxOutputTokens: 1000, temperature: 0.2 });

    expect(server.requests).toHaveLength(1);
    const request = server.requests[0];
    expect(request?.url).toBe("/v1/messages");
    expect(request?.headers.authorization).toBe("Bearer sk-ant-test");
    expect(request?.headers["anthropic-version"]).toBeDefined();
    expect(request?.json).toEqual({
      model: "claude-sonnet-4-6",
      max_tokens: 1000,
      temperature: 0.2,
      stream: false,
      system: [
        {
          type: "text",
          text: "You answer with code in a repl block.",
          cache_control: { type: "ephemeral" },
        },
      ],
      messages: [
        { role: "user", content: "Count the records." },
        { role: "assistant", content: "```repl\nconsole.log(1)\n```" },
        { role: "user", content: "Output: 1" },
      ],
    });
  });

  it("leaves the cache breakpoint out when asked, and sends thinking through", async () => {
    server.reply({ kind: "fixture", fixture: "messages-thinking" });
    await model({ providerOptions: { cacheSystemPrompt: false } }).generate({
      messages,
      providerOptions: {
        anthropic: { thinking: { type: "enabled", budget_tokens: 2048 }, topK: 5 },
      },
    });
    const body = bodyOf();
    expect(body.system).toEqual([{ type: "text", text: "You answer with code in a repl block." }]);
    expect(body.thinking).toEqual({ type: "enabled", budget_tokens: 2048 });
    expect(body.top_k).toBe(5);
    expect(body.max_tokens).toBe(8192);
    expect(body.stream).not.toBe(true);
  });

  it("sends no system field without a system message", async () => {
    server.reply({ kind: "fixture", fixture: "messages-text" });
    await model().generate({ messages: [{ role: "user", content: "Hi" }] });
    expect(bodyOf().system).toBeUndefined();
  });
});

describe("response", () => {
  it("maps text, finish reason, usage and cost", async () => {
    server.reply({ kind: "fixture", fixture: "messages-text" });
    const result = await model().generate({ messages });
    expect(result.text).toBe("```repl\nconsole.log(context.length)\n```");
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toEqual({
      inputTokens: 2095,
      outputTokens: 503,
      cacheReadInputTokens: 0,
      cacheWriteInputTokens: 0,
    });
    expect(result.response).toEqual({
      id: "msg_01XFDUDYJgAACzvnptvVoYEL",
      modelId: "claude-sonnet-4-5-20250929",
    });
    expect(result.costUsd).toBeCloseTo((2095 * 3 + 503 * 15) / 1e6, 10);
  });

  it("adds cache reads and writes to the input and prices them at their own rates", async () => {
    server.reply({ kind: "fixture", fixture: "messages-cache" });
    const result = await model({}, "claude-haiku-4-5-20251001").generate({ messages });
    expect(result.text).toBe('FINAL("42 records")');
    expect(result.usage).toEqual({
      inputTokens: 21 + 188 + 1800,
      outputTokens: 393,
      cacheReadInputTokens: 1800,
      cacheWriteInputTokens: 188,
    });
    expect(result.costUsd).toBeCloseTo((21 * 1 + 1800 * 0.1 + 188 * 1.25 + 393 * 5) / 1e6, 10);
  });

  it("sends the 1-hour cache TTL when asked, and prices its writes at 2× input", async () => {
    server.reply({ kind: "fixture", fixture: "messages-cache-1h" });
    const result = await model({ providerOptions: { cacheTtl: "1h" } }).generate({ messages });
    expect((bodyOf().system as unknown[])[0]).toMatchObject({
      cache_control: { type: "ephemeral", ttl: "1h" },
    });
    expect(result.usage).toEqual({
      inputTokens: 37 + 2310,
      outputTokens: 41,
      cacheReadInputTokens: 0,
      cacheWriteInputTokens: 2310,
    });
    expect(result.costUsd).toBeCloseTo((37 * 3 + 2310 * 6 + 41 * 15) / 1e6, 10);
  });

  it("returns only the text blocks of a thinking answer, and counts thinking tokens", async () => {
    server.reply({ kind: "fixture", fixture: "messages-thinking" });
    const result = await model().generate({ messages });
    expect(result.text).toBe('```repl\nconsole.log(context.split("\\n").length)\n```');
    expect(result.usage.outputTokens).toBe(812);
    expect(result.usage.reasoningTokens).toBe(640);
  });

  it("maps max_tokens to length", async () => {
    server.reply({ kind: "fixture", fixture: "messages-max-tokens" });
    const result = await model().generate({ messages, maxOutputTokens: 16 });
    expect(result.finishReason).toBe("length");
  });

  it("uses a pricing override, and leaves the cost undefined with one warning for unknown models", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    server.reply(
      { kind: "fixture", fixture: "messages-text" },
      { kind: "fixture", fixture: "messages-text" },
      { kind: "fixture", fixture: "messages-text" },
    );
    const unknown = model({}, "claude-unknown-test-model");
    expect(unknown.pricing).toBeUndefined();
    expect((await unknown.generate({ messages })).costUsd).toBeUndefined();
    expect((await unknown.generate({ messages })).costUsd).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain("claude-unknown-test-model");

    const priced = model(
      { pricing: { inputPerMillionUsd: 1, outputPerMillionUsd: 2 } },
      "claude-unknown-test-model",
    );
    expect((await priced.generate({ messages })).costUsd).toBeCloseTo((2095 + 503 * 2) / 1e6, 10);
  });
});

describe("streaming", () => {
  it("streams when maxOutputTokens is large and reads usage from the events", async () => {
    server.reply({ kind: "fixture", fixture: "messages-text" });
    const result = await model({}, "claude-haiku-4-5").generate({
      messages,
      maxOutputTokens: 32_000,
    });
    expect(bodyOf().stream).toBe(true);
    expect(result.text).toBe("```repl\nconsole.log(context.length)\n```");
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toEqual({
      inputTokens: 21 + 188 + 1800,
      outputTokens: 503,
      cacheReadInputTokens: 1800,
      cacheWriteInputTokens: 188,
    });
    expect(result.response.id).toBe("msg_01XFDUDYJgAACzvnptvVoYEL");
  });

  it("streams thinking answers when asked to, keeping only the text", async () => {
    server.reply({ kind: "fixture", fixture: "messages-thinking" });
    const result = await model({ stream: true }).generate({ messages });
    expect(result.text).toBe('```repl\nconsole.log(context.split("\\n").length)\n```');
    expect(result.usage).toEqual({
      inputTokens: 1204,
      outputTokens: 812,
      cacheReadInputTokens: 0,
      cacheWriteInputTokens: 0,
      reasoningTokens: 640,
    });
  });

  it("keeps the 1-hour cache split of message_start for the cost of a stream", async () => {
    server.reply({ kind: "fixture", fixture: "messages-cache-1h" });
    const result = await model({ stream: true }).generate({ messages });
    expect(bodyOf().stream).toBe(true);
    expect(result.usage.cacheWriteInputTokens).toBe(2310);
    expect(result.costUsd).toBeCloseTo((37 * 3 + 2310 * 6 + 41 * 15) / 1e6, 10);
  });

  it("never streams when stream is false", async () => {
    server.reply({ kind: "fixture", fixture: "messages-text" });
    await model({ stream: false }).generate({ messages, maxOutputTokens: 64_000 });
    expect(bodyOf().stream).not.toBe(true);
  });
});
