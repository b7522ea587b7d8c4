import { createOpenAI } from "@ai-sdk/openai";
import { type Message, ProviderError } from "@rlm/core";
import {
  SAMPLE_IMAGE_TURN,
  SAMPLE_PNG,
  SAMPLE_RECEIPT_SCHEMA,
  startOpenAIServer,
} from "@rlm/provider-test-servers";
import { describe, expect, it } from "vitest";
import { fromAISDK } from "../src/index.js";
import { useLocalServers } from "./local-servers.js";

const messages: Message[] = [
  { role: "system", content: "You count records." },
  { role: "user", content: "How many records mention Oslo?" },
];

const servers = useLocalServers();
const openaiProvider = () => servers.openaiProvider();
const anthropicProvider = () => servers.anthropicProvider();

/** The error `promise` rejects with, as a ProviderError (fails the test otherwise). */
async function providerErrorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => {
      throw new Error("Expected the call to fail.");
    },
    (caught: unknown) => caught,
  );
  if (!ProviderError.isInstance(error)) throw error;
  return error;
}

describe("@ai-sdk/openai through fromAISDK", () => {
  it("sends one Responses request and maps the reply, usage and cost", async () => {
    servers.openai.reply({
      kind: "text",
      text: "Three records.",
      inputTokens: 1000,
      outputTokens: 40,
    });
    const model = fromAISDK(openaiProvider()("gpt-4.1-mini"), {
      providerOptions: { openai: { store: false } },
    });
    const result = await model.generate({ messages, maxOutputTokens: 256 });

    expect(result.text).toBe("Three records.");
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toMatchObject({ inputTokens: 1000, outputTokens: 40 });
    expect(result.response.modelId).toBe("gpt-4.1-mini");
    // gpt-4.1-mini: $0.40 in, $1.60 out per million.
    expect(result.costUsd).toBeCloseTo((1000 * 0.4 + 40 * 1.6) / 1_000_000, 12);
    expect(servers.openai.requests).toHaveLength(1);
    const request = servers.openai.requests[0];
    expect(request?.url).toBe("/v1/responses");
    expect(request?.json).toMatchObject({
      model: "gpt-4.1-mini",
      max_output_tokens: 256,
      store: false,
      input: [
        { role: "system", content: "You count records." },
        { role: "user", content: [{ type: "input_text", text: "How many records mention Oslo?" }] },
      ],
    });
  });

  it("works with the Chat Completions model too", async () => {
    servers.openai.reply({ kind: "text", text: "Two.", inputTokens: 50, outputTokens: 2 });
    const result = await fromAISDK(openaiProvider().chat("gpt-4o-mini")).generate({ messages });
    expect(result.text).toBe("Two.");
    expect(servers.openai.requests[0]?.url).toBe("/v1/chat/completions");
    expect(result.usage).toMatchObject({ inputTokens: 50, outputTokens: 2 });
  });

  it("asks for the JSON schema in the Responses text format", async () => {
    servers.openai.reply({ kind: "text", text: '{"count":3}' });
    const schema = {
      type: "object",
      properties: { count: { type: "number" } },
      required: ["count"],
      additionalProperties: false,
    };
    const result = await fromAISDK(openaiProvider()("gpt-4.1-mini")).generate({
      messages,
      responseFormat: { type: "json", schema, name: "count" },
    });
    expect(result.text).toBe('{"count":3}');
    expect(servers.openai.requests[0]?.json).toMatchObject({
      text: { format: { type: "json_schema", name: "count", schema } },
    });
  });
});

describe("@ai-sdk/anthropic through fromAISDK", () => {
  it("sends one Messages request and maps the reply, usage and cost", async () => {
    servers.anthropic.reply({
      kind: "text",
      text: "Three records.",
      inputTokens: 2000,
      outputTokens: 10,
    });
    const model = fromAISDK(anthropicProvider()("claude-haiku-4-5"));
    const result = await model.generate({ messages, maxOutputTokens: 300 });

    expect(model.provider).toBe("anthropic");
    expect(result.text).toBe("Three records.");
    expect(result.usage).toMatchObject({ inputTokens: 2000, outputTokens: 10 });
    expect(result.costUsd).toBeCloseTo(
      (2000 * model.pricing!.inputPerMillionUsd + 10 * model.pricing!.outputPerMillionUsd) /
        1_000_000,
      12,
    );
    expect(servers.anthropic.requests[0]?.json).toMatchObject({
      model: "claude-haiku-4-5",
      max_tokens: 300,
      system: [{ type: "text", text: "You count records." }],
      messages: [
        { role: "user", content: [{ type: "text", text: "How many records mention Oslo?" }] },
      ],
    });
  });
});

describe("images and JSON schemas through the real SDKs", () => {
  const models = {
    openai: () => fromAISDK(openaiProvider()("gpt-4.1-mini")),
    anthropic: () => fromAISDK(anthropicProvider()("claude-sonnet-4-5")),
  };
  const receipt = { total: 12.5, currency: "EUR" };

  for (const name of ["openai", "anthropic"] as const) {
    it(`${name}: sends image parts in order and asks for the schema natively`, async () => {
      const server = name === "openai" ? servers.openai : servers.anthropic;
      server.reply({ kind: "structured", value: receipt });
      const result = await models[name]().generate({
        messages: [SAMPLE_IMAGE_TURN as unknown as Message],
        responseFormat: { type: "json", schema: SAMPLE_RECEIPT_SCHEMA, name: "receipt" },
      });

      expect(JSON.parse(result.text)).toEqual(receipt);
      const request = server.requests[0];
      expect(request?.images?.map((image) => image.mediaType)).toEqual(["image/png", "image/jpeg"]);
      expect(request?.images?.[0]?.data).toEqual(SAMPLE_PNG);
      expect(request?.structuredOutput?.schema).toEqual(SAMPLE_RECEIPT_SCHEMA);
    });
  }
});

describe("long generations stream through the real SDKs", () => {
  const models = {
    openai: () => fromAISDK(openaiProvider()("gpt-4.1-mini")),
    anthropic: () => fromAISDK(anthropicProvider()("claude-sonnet-4-5")),
  };

  for (const name of ["openai", "anthropic"] as const) {
    it(`${name}: a request for more than 16,000 output tokens streams and is read to its end`, async () => {
      const server = name === "openai" ? servers.openai : servers.anthropic;
      server.reply({ kind: "text", text: "A long answer.", inputTokens: 30, outputTokens: 4 });
      const result = await models[name]().generate({ messages, maxOutputTokens: 20_000 });
      expect(result).toMatchObject({
        text: "A long answer.",
        finishReason: "stop",
        usage: { inputTokens: 30, outputTokens: 4 },
      });
      expect(server.requests[0]?.json).toMatchObject({ stream: true });
    });
  }

  it("a stream cut before its end is a retryable invalid response", async () => {
    servers.openai.reply({
      kind: "cut-stream",
      fixture: "responses-text",
      afterEvents: 4,
      ending: "end",
    });
    servers.anthropic.reply({
      kind: "cut-stream",
      fixture: "messages-text",
      afterEvents: 3,
      ending: "end",
    });
    for (const name of ["openai", "anthropic"] as const) {
      const error = await providerErrorOf(
        models[name]().generate({ messages, maxOutputTokens: 20_000 }),
      );
      expect({ name, kind: error.kind, retryable: error.isRetryable }).toEqual({
        name,
        kind: "invalid-response",
        retryable: true,
      });
    }
  });
});

describe("errors through the real SDKs", () => {
  const models = {
    openai: () => fromAISDK(openaiProvider()("gpt-4.1-mini")),
    anthropic: () => fromAISDK(anthropicProvider()("claude-haiku-4-5")),
  };
  const reply = (
    name: keyof typeof models,
    status: number,
    headers: Record<string, string> = {},
  ) =>
    name === "openai"
      ? servers.openai.reply({ kind: "error", status, headers })
      : servers.anthropic.reply({ kind: "error", status, headers });

  for (const name of ["openai", "anthropic"] as const) {
    it(`${name}: a 429 is a rate limit that says when to come back`, async () => {
      reply(name, 429, { "retry-after": "3" });
      const error = await providerErrorOf(models[name]().generate({ messages }));
      expect(error).toMatchObject({
        kind: "rate-limit",
        status: 429,
        isRetryable: true,
        retryAfterMs: 3000,
        provider: name,
      });
      expect(error.requestId).toBe("req_test_1");
    });

    it(`${name}: a 500 is a retryable server fault`, async () => {
      reply(name, 500);
      const error = await providerErrorOf(models[name]().generate({ messages }));
      expect(error).toMatchObject({ kind: "server", status: 500, isRetryable: true });
    });

    it(`${name}: a 400 is a refused request that is not retried`, async () => {
      reply(name, 400);
      const error = await providerErrorOf(models[name]().generate({ messages }));
      expect(error).toMatchObject({ kind: "invalid-request", status: 400, isRetryable: false });
    });
  }

  it("an aborted request rejects with the abort reason", async () => {
    servers.openai.reply({ kind: "hang" });
    const controller = new AbortController();
    const running = fromAISDK(openaiProvider()("gpt-4.1-mini")).generate({
      messages,
      abortSignal: controller.signal,
    });
    await until(() => servers.openai.requests.length === 1);
    controller.abort(new Error("stopped by the caller"));
    await expect(running).rejects.toThrow("stopped by the caller");
  });

  it("a server that cannot be reached is a retryable connection error", async () => {
    const gone = await startOpenAIServer();
    await gone.close();
    const provider = createOpenAI({ baseURL: gone.baseURL, apiKey: "sk-test" });
    const error = await providerErrorOf(fromAISDK(provider("gpt-4.1-mini")).generate({ messages }));
    expect(error).toMatchObject({ kind: "connection", isRetryable: true });
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
