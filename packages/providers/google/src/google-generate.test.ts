import type { Message } from "@rlm/core";
import { type GoogleServer, startGoogleServer } from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { google } from "./google-provider.js";

const messages: Message[] = [
  { role: "system", content: "You answer with code in a repl block." },
  { role: "user", content: "Count the records." },
  { role: "assistant", content: "```repl\nconsole.log(1)\n```" },
  { role: "user", content: "Output: 1" },
];

let server: GoogleServer;
beforeEach(async () => {
  server = await startGoogleServer();
});
afterEach(async () => {
  await server.close();
  vi.restoreAllMocks();
});

function model(options: Parameters<typeof google>[1] = {}, modelId = "gemini-2.5-flash") {
  return google(modelId, { baseURL: server.baseURL, apiKey: "gemini-test-key", ...options });
}

/** The JSON body of a recorded request. */
function bodyOf(index = 0): Record<string, unknown> {
  return (server.requests[index]?.json ?? {}) as Record<string, unknown>;
}

describe("request", () => {
  it("sends systemInstruction, model turns and the generation config", async () => {
    server.reply({ kind: "fixture", fixture: "generate-text" });
    await model().generate({
      messages,
      maxOutputTokens: 1000,
      temperature: 0.2,
      providerOptions: { google: { thinkingConfig: { thinkingBudget: 512 }, topK: 4 } },
    });
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0];
    expect(request?.url).toBe("/v1/models/gemini-2.5-flash:generateContent");
    expect(request?.headers["x-goog-api-key"]).toBe("gemini-test-key");
    expect(bodyOf()).toEqual({
      contents: [
        { role: "user", parts: [{ text: "Count the records." }] },
        { role: "model", parts: [{ text: "```repl\nconsole.log(1)\n```" }] },
        { role: "user", parts: [{ text: "Output: 1" }] },
      ],
      systemInstruction: {
        parts: [{ text: "You answer with code in a repl block." }],
        role: "user",
      },
      generationConfig: {
        maxOutputTokens: 1000,
        temperature: 0.2,
        topK: 4,
        thinkingConfig: { thinkingBudget: 512 },
      },
    });
  });

  it("calls the v1beta endpoints when apiVersion asks for them", async () => {
    server.reply(
      { kind: "fixture", fixture: "generate-text" },
      { kind: "fixture", fixture: "generate-text" },
    );
    const beta = model({ apiVersion: "v1beta" });
    await beta.generate({ messages });
    await google("gemini-2.5-flash", {
      baseURL: server.baseURL,
      apiKey: "gemini-test-key",
      apiVersion: "v1beta",
      stream: true,
    }).generate({ messages });
    expect(server.requests.map((request) => request.url)).toEqual([
      "/v1beta/models/gemini-2.5-flash:generateContent",
      "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    ]);
  });

  it("uses the model's providerOptions as defaults", async () => {
    server.reply({ kind: "fixture", fixture: "generate-text" });
    await model({ providerOptions: { thinkingConfig: { thinkingBudget: 0 } } }).generate({
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(bodyOf().systemInstruction).toBeUndefined();
    expect(bodyOf().generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 0 } });
  });
});

describe("response", () => {
  it("maps text, finish reason, usage and cost", async () => {
    server.reply({ kind: "fixture", fixture: "generate-text" });
    const result = await model().generate({ messages });
    expect(result.text).toBe("```repl\nconsole.log(context.length)\n```");
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toEqual({ inputTokens: 2048, outputTokens: 120 });
    expect(result.response).toEqual({ id: "mMvXaNXcBvGm1MkPv8KdgQ4", modelId: "gemini-2.5-flash" });
    expect(result.costUsd).toBeCloseTo((2048 * 0.3 + 120 * 2.5) / 1e6, 10);
  });

  it("adds thoughts to the output, counts cached tokens, and drops thought parts", async () => {
    server.reply({ kind: "fixture", fixture: "generate-thinking" });
    const result = await model({}, "gemini-2.5-pro").generate({ messages });
    expect(result.text).toBe('```repl\nconsole.log(context.split("\\n").length)\n```');
    expect(result.usage).toEqual({
      inputTokens: 5120,
      outputTokens: 64 + 512,
      reasoningTokens: 512,
      cacheReadInputTokens: 4096,
    });
    expect(result.costUsd).toBeCloseTo(
      ((5120 - 4096) * 1.25 + 4096 * 0.125 + (64 + 512) * 10) / 1e6,
      10,
    );
  });

  it("bills a prompt over 200k tokens at the long-context rates", async () => {
    server.reply({ kind: "fixture", fixture: "generate-long-context" });
    const result = await model({}, "gemini-2.5-pro").generate({ messages });
    expect(result.usage).toEqual({
      inputTokens: 312_480,
      outputTokens: 18 + 928,
      reasoningTokens: 928,
      cacheReadInputTokens: 262_144,
    });
    expect(result.costUsd).toBeCloseTo(
      ((312_480 - 262_144) * 2.5 + 262_144 * 0.25 + (18 + 928) * 15) / 1e6,
      10,
    );
  });

  it("maps MAX_TOKENS to length", async () => {
    server.reply({ kind: "fixture", fixture: "generate-max-tokens" });
    const result = await model().generate({ messages, maxOutputTokens: 16 });
    expect(result.finishReason).toBe("length");
    expect(result.text).toBe("The first records are");
  });

  it("leaves the cost undefined with one warning for unknown models, and takes a pricing override", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    server.reply(
      { kind: "fixture", fixture: "generate-text" },
      { kind: "fixture", fixture: "generate-text" },
      { kind: "fixture", fixture: "generate-text" },
    );
    const unknown = model({}, "gemini-unknown-test-model");
    expect(unknown.pricing).toBeUndefined();
    expect((await unknown.generate({ messages })).costUsd).toBeUndefined();
    expect((await unknown.generate({ messages })).costUsd).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain("gemini-unknown-test-model");
    const priced = model(
      { pricing: { inputPerMillionUsd: 1, outputPerMillionUsd: 2 } },
      "gemini-unknown-test-model",
    );
    expect((await priced.generate({ messages })).costUsd).toBeCloseTo((2048 + 240) / 1e6, 10);
  });

  it("names the provider gcp.gemini, or gcp.vertex_ai in Vertex mode", () => {
    expect(google("gemini-2.5-flash").provider).toBe("gcp.gemini");
    expect(
      google("gemini-2.5-flash", { vertexai: true, project: "p", location: "us-central1" })
        .provider,
    ).toBe("gcp.vertex_ai");
  });
});

describe("streaming", () => {
  it("streams when maxOutputTokens exceeds streamAboveMaxOutputTokens, and only then", async () => {
    server.reply(
      { kind: "fixture", fixture: "generate-text" },
      { kind: "fixture", fixture: "generate-text" },
      { kind: "fixture", fixture: "generate-text" },
    );
    await model().generate({ messages, maxOutputTokens: 16_000 });
    await model().generate({ messages, maxOutputTokens: 16_001 });
    await model({ streamAboveMaxOutputTokens: 500 }).generate({ messages, maxOutputTokens: 501 });
    expect(server.requests.map((request) => request.url)).toEqual([
      "/v1/models/gemini-2.5-flash:generateContent",
      "/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
      "/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    ]);
  });

  it("streams with streamGenerateContent and keeps the last usage", async () => {
    server.reply({ kind: "fixture", fixture: "generate-text" });
    const result = await model({ stream: true }).generate({ messages });
    expect(server.requests[0]?.url).toBe(
      "/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    );
    expect(result.text).toBe("```repl\nconsole.log(context.length)\n```");
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toEqual({
      inputTokens: 2048,
      outputTokens: 120 + 192,
      reasoningTokens: 192,
      cacheReadInputTokens: 1024,
    });
    expect(result.response.id).toBe("k8zXaLXcF9Gm1MkPq7yIgQ");
    expect(server.requests).toHaveLength(1);
  });
});
