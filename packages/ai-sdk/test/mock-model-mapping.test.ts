import {
  APICallError,
  type LanguageModelV4GenerateResult,
  type LanguageModelV4StreamPart,
  type LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { ConfigurationError, type Message, ProviderError } from "@rlm/core";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import { type FromAISDKOptions, fromAISDK } from "../src/index.js";

function usage(overrides: Partial<LanguageModelV4Usage["inputTokens"]> = {}): LanguageModelV4Usage {
  return {
    inputTokens: {
      total: 1200,
      noCache: 200,
      cacheRead: 1000,
      cacheWrite: undefined,
      ...overrides,
    },
    outputTokens: { total: 300, text: 100, reasoning: 200 },
  };
}

function reply(
  overrides: Partial<LanguageModelV4GenerateResult> = {},
): LanguageModelV4GenerateResult {
  return {
    content: [{ type: "text", text: "forty-two" }],
    finishReason: { unified: "stop", raw: "stop" },
    usage: usage(),
    response: { id: "resp_1", modelId: "gpt-5-mini-2025-08-07" },
    warnings: [],
    ...overrides,
  };
}

/** A spec model of `provider` answering `reply()`, wrapped. */
function wrapped(provider: string, modelId: string, options: FromAISDKOptions = {}) {
  return fromAISDK(new MockLanguageModelV4({ provider, modelId, doGenerate: reply() }), options);
}

const question: Message[] = [
  { role: "system", content: "Be terse." },
  { role: "user", content: "What is six times seven?" },
  { role: "assistant", content: "Computing." },
  { role: "user", content: "And?" },
];

describe("fromAISDK with the AI SDK's mock model", () => {
  it("maps messages, settings and provider options onto one doGenerate call", async () => {
    const mock = new MockLanguageModelV4({
      provider: "openai.responses",
      modelId: "gpt-5-mini",
      doGenerate: reply(),
    });
    const model = fromAISDK(mock, {
      providerOptions: { openai: { reasoningEffort: "low", store: false } },
      headers: { "x-team": "search" },
    });
    const result = await model.generate({
      messages: question,
      maxOutputTokens: 512,
      temperature: 0.2,
      providerOptions: {
        openai: { reasoningEffort: "high" },
        anthropic: { cacheTtl: "1h" },
        stray: 3,
      },
    });

    expect(result.text).toBe("forty-two");
    expect(mock.doGenerateCalls).toHaveLength(1);
    const call = mock.doGenerateCalls[0];
    expect(call?.prompt).toEqual([
      { role: "system", content: "Be terse." },
      { role: "user", content: [{ type: "text", text: "What is six times seven?" }] },
      { role: "assistant", content: [{ type: "text", text: "Computing." }] },
      { role: "user", content: [{ type: "text", text: "And?" }] },
    ]);
    expect(call).toMatchObject({
      maxOutputTokens: 512,
      temperature: 0.2,
      headers: { "x-team": "search" },
      providerOptions: {
        openai: { reasoningEffort: "high", store: false },
        anthropic: { cacheTtl: "1h" },
      },
    });
    expect(call?.providerOptions).not.toHaveProperty("stray");
    expect(call?.abortSignal).toBeInstanceOf(AbortSignal);
  });

  it("sends image parts as file parts with their bytes and media type", async () => {
    const mock = new MockLanguageModelV4({ doGenerate: reply() });
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    await fromAISDK(mock).generate({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this chart?" },
            { type: "image", data: bytes, mediaType: "image/png" },
          ],
        },
      ],
    });
    expect(mock.doGenerateCalls[0]?.prompt).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What is in this chart?" },
          { type: "file", data: { type: "data", data: bytes }, mediaType: "image/png" },
        ],
      },
    ]);
  });

  it("asks for JSON with the schema and answers with the structured output text", async () => {
    const mock = new MockLanguageModelV4({
      doGenerate: reply({
        content: [
          { type: "text", text: "draft" },
          { type: "text", text: '{"total":3}' },
        ],
        structuredOutputText: '{"total":3}',
      }),
    });
    const schema = {
      type: "object",
      properties: { total: { type: "number" } },
      required: ["total"],
    };
    const result = await fromAISDK(mock).generate({
      messages: question,
      responseFormat: { type: "json", schema, name: "count" },
    });
    expect(mock.doGenerateCalls[0]?.responseFormat).toEqual({
      type: "json",
      schema,
      name: "count",
    });
    expect(result.text).toBe('{"total":3}');
  });

  it("maps usage as the spec reports it, with unknown counts left undefined", async () => {
    const known = await fromAISDK(new MockLanguageModelV4({ doGenerate: reply() })).generate({
      messages: question,
    });
    expect(known.usage).toEqual({
      inputTokens: 1200,
      outputTokens: 300,
      cacheReadInputTokens: 1000,
      reasoningTokens: 200,
    });
    const unknown = await fromAISDK(
      new MockLanguageModelV4({
        doGenerate: reply({
          usage: {
            inputTokens: {
              total: undefined,
              noCache: undefined,
              cacheRead: undefined,
              cacheWrite: undefined,
            },
            outputTokens: { total: undefined, text: undefined, reasoning: undefined },
          },
        }),
      }),
    ).generate({ messages: question });
    expect(unknown.usage).toEqual({});
    expect(unknown.costUsd).toBeUndefined();
  });

  it("maps finish reasons, and refuses an interrupted reply as a retryable error", async () => {
    const cases = [
      ["stop", "stop"],
      ["length", "length"],
      ["content-filter", "content-filter"],
      ["error", "error"],
      ["tool-calls", "other"],
      ["other", "other"],
    ] as const;
    for (const [unified, expected] of cases) {
      const mock = new MockLanguageModelV4({
        doGenerate: reply({ finishReason: { unified, raw: unified } }),
      });
      expect((await fromAISDK(mock).generate({ messages: question })).finishReason).toBe(expected);
    }
    const interrupted = new MockLanguageModelV4({
      doGenerate: reply({ finishReason: { unified: "interrupted", raw: undefined } }),
    });
    const error = await fromAISDK(interrupted)
      .generate({ messages: question })
      .catch((caught: unknown) => caught);
    expect(ProviderError.isInstance(error) && error.kind).toBe("invalid-response");
    expect(ProviderError.isInstance(error) && error.isRetryable).toBe(true);
  });

  it("prices known providers from @rlm's tables and the rest from `pricing`", async () => {
    const openai = wrapped("openai.responses", "gpt-5-mini");
    expect(openai.provider).toBe("openai");
    expect(openai.pricing).toEqual({
      inputPerMillionUsd: 0.25,
      outputPerMillionUsd: 2,
      cacheReadPerMillionUsd: 0.025,
    });
    expect(openai.contextWindowTokens).toBe(272_000);
    const result = await openai.generate({ messages: question });
    // 200 uncached at 0.25, 1000 cached at 0.025, 300 output at 2 (per million).
    expect(result.costUsd).toBeCloseTo((200 * 0.25 + 1000 * 0.025 + 300 * 2) / 1_000_000, 12);

    const anthropic = wrapped("anthropic.messages", "claude-sonnet-4-5");
    expect(anthropic.provider).toBe("anthropic");
    expect(anthropic.pricing?.inputPerMillionUsd).toBe(3);
    const gemini = wrapped("google.generative-ai", "gemini-2.5-flash");
    expect(gemini.provider).toBe("gcp.gemini");
    expect(gemini.pricing).toBeDefined();

    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const unpriced = wrapped("mistral.chat", "mistral-large-latest");
    expect(unpriced.provider).toBe("mistral");
    expect(unpriced.pricing).toBeUndefined();
    expect((await unpriced.generate({ messages: question })).costUsd).toBeUndefined();
    warn.mockRestore();

    const priced = wrapped("mistral.chat", "mistral-large-latest", {
      pricing: { inputPerMillionUsd: 2, outputPerMillionUsd: 6 },
      contextWindowTokens: 128_000,
    });
    expect(priced.contextWindowTokens).toBe(128_000);
    expect((await priced.generate({ messages: question })).costUsd).toBeCloseTo(
      (1200 * 2 + 300 * 6) / 1_000_000,
      12,
    );
  });

  it("bills Anthropic's one-hour cache writes at their own rate", async () => {
    const raw = { cache_creation: { ephemeral_1h_input_tokens: 1000 } };
    const mock = new MockLanguageModelV4({
      provider: "anthropic.messages",
      modelId: "claude-sonnet-4-5",
      doGenerate: reply({
        usage: {
          inputTokens: { total: 1000, noCache: 0, cacheRead: 0, cacheWrite: 1000 },
          outputTokens: { total: 0, text: 0, reasoning: undefined },
          raw,
        },
      }),
    });
    const result = await fromAISDK(mock).generate({ messages: question });
    // 1-hour writes cost twice the input price: 1000 x $6 per million.
    expect(result.costUsd).toBeCloseTo(0.006, 12);
  });

  it("maps the spec's API errors to ProviderErrors core can retry or not", async () => {
    const apiError = (
      statusCode: number | undefined,
      extra: Partial<ConstructorParameters<typeof APICallError>[0]> = {},
    ) =>
      new APICallError({
        message: `status ${statusCode}`,
        url: "https://api.example.test/v1/responses",
        requestBodyValues: {},
        ...(statusCode !== undefined ? { statusCode } : {}),
        ...extra,
      });
    const cases: {
      error: unknown;
      kind: ProviderError["kind"];
      retryable: boolean;
      retryAfterMs?: number;
    }[] = [
      {
        error: apiError(429, { responseHeaders: { "retry-after": "2" } }),
        kind: "rate-limit",
        retryable: true,
        retryAfterMs: 2000,
      },
      {
        error: apiError(429, {
          data: { error: { code: "insufficient_quota", message: "no credit" } },
        }),
        kind: "quota",
        retryable: false,
      },
      { error: apiError(500), kind: "server", retryable: true },
      {
        error: apiError(529, { data: { type: "error", error: { type: "overloaded_error" } } }),
        kind: "server",
        retryable: true,
      },
      { error: apiError(400), kind: "invalid-request", retryable: false },
      { error: apiError(401), kind: "authentication", retryable: false },
      {
        error: apiError(400, { responseHeaders: { "x-should-retry": "true" } }),
        kind: "invalid-request",
        retryable: true,
      },
      {
        error: apiError(503, { responseHeaders: { "x-should-retry": "false" } }),
        kind: "server",
        retryable: false,
      },
      {
        error: apiError(undefined, { cause: new TypeError("fetch failed") }),
        kind: "connection",
        retryable: true,
      },
    ];
    for (const { error, kind, retryable, retryAfterMs } of cases) {
      const mock = new MockLanguageModelV4({
        provider: "openai.responses",
        doGenerate: async () => {
          throw error;
        },
      });
      const caught = await fromAISDK(mock)
        .generate({ messages: question })
        .catch((failure: unknown) => failure);
      if (!ProviderError.isInstance(caught)) throw caught;
      expect({
        kind: caught.kind,
        retryable: caught.isRetryable,
        provider: caught.provider,
      }).toEqual({
        kind,
        retryable,
        provider: "openai",
      });
      if (retryAfterMs !== undefined) expect(caught.retryAfterMs).toBe(retryAfterMs);
      expect(caught.cause).toBe(error);
    }
  });

  it("rejects with the caller's abort reason, not a retryable error", async () => {
    const controller = new AbortController();
    const mock = new MockLanguageModelV4({
      doGenerate: ({ abortSignal }) =>
        new Promise((_resolve, reject) => {
          abortSignal?.addEventListener("abort", () => reject(abortSignal.reason), { once: true });
          controller.abort(new Error("the user stopped the run"));
        }),
    });
    await expect(
      fromAISDK(mock).generate({ messages: question, abortSignal: controller.signal }),
    ).rejects.toThrow("the user stopped the run");
  });

  it("refuses a model of another specification version with a clear error", () => {
    const old = { specificationVersion: "v3", provider: "openai.responses", modelId: "gpt-4o" };
    expect(() => fromAISDK(old as never)).toThrow(ConfigurationError);
    expect(() => fromAISDK(old as never)).toThrow(/specification v4.*but this one is v3/);
  });
});

/** A stream of `parts`, as a spec model's `doStream` returns it. */
function streamOf(parts: readonly LanguageModelV4StreamPart[]) {
  return {
    stream: new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        for (const part of parts) controller.enqueue(part);
        controller.close();
      },
    }),
  };
}

const streamed: LanguageModelV4StreamPart[] = [
  { type: "stream-start", warnings: [] },
  { type: "response-metadata", id: "resp_9", modelId: "gpt-5-mini-2025-08-07" },
  { type: "text-start", id: "t" },
  { type: "reasoning-delta", id: "r", delta: "thinking" },
  { type: "text-delta", id: "t", delta: "forty" },
  { type: "text-delta", id: "t", delta: "-two" },
  { type: "text-end", id: "t" },
  { type: "finish", finishReason: { unified: "length", raw: "max_tokens" }, usage: usage() },
];

describe("fromAISDK streaming long generations", () => {
  it("reads doStream to its end when maxOutputTokens is above the threshold", async () => {
    const mock = new MockLanguageModelV4({ doGenerate: reply(), doStream: streamOf(streamed) });
    const result = await fromAISDK(mock).generate({ messages: question, maxOutputTokens: 32_000 });
    expect(mock.doStreamCalls).toHaveLength(1);
    expect(mock.doGenerateCalls).toHaveLength(0);
    expect(result).toMatchObject({
      text: "forty-two",
      finishReason: "length",
      usage: { inputTokens: 1200, outputTokens: 300, reasoningTokens: 200 },
      response: { id: "resp_9", modelId: "gpt-5-mini-2025-08-07" },
    });

    const short = new MockLanguageModelV4({ doGenerate: reply(), doStream: streamOf(streamed) });
    await fromAISDK(short).generate({ messages: question, maxOutputTokens: 1000 });
    expect([short.doGenerateCalls.length, short.doStreamCalls.length]).toEqual([1, 0]);
  });

  it("follows `stream` and `streamAboveMaxOutputTokens` when given", async () => {
    const always = new MockLanguageModelV4({ doStream: streamOf(streamed) });
    await fromAISDK(always, { stream: true }).generate({ messages: question });
    expect(always.doStreamCalls).toHaveLength(1);
    const never = new MockLanguageModelV4({ doGenerate: reply() });
    await fromAISDK(never, { stream: false }).generate({
      messages: question,
      maxOutputTokens: 64_000,
    });
    expect(never.doGenerateCalls).toHaveLength(1);
    const lower = new MockLanguageModelV4({ doStream: streamOf(streamed) });
    await fromAISDK(lower, { streamAboveMaxOutputTokens: 100 }).generate({
      messages: question,
      maxOutputTokens: 101,
    });
    expect(lower.doStreamCalls).toHaveLength(1);
  });

  it("fails a stream cut before its finish part, or carrying an error part, as retryable", async () => {
    const cut = new MockLanguageModelV4({ doStream: streamOf(streamed.slice(0, -1)) });
    const cutError = await fromAISDK(cut, { stream: true })
      .generate({ messages: question })
      .catch((caught: unknown) => caught);
    expect(cutError).toMatchObject({ kind: "invalid-response", isRetryable: true });

    const overloaded = new MockLanguageModelV4({
      doStream: streamOf([
        ...streamed.slice(0, 4),
        {
          type: "error",
          error: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
        },
      ]),
    });
    const overloadedError = await fromAISDK(overloaded, { stream: true })
      .generate({ messages: question })
      .catch((caught: unknown) => caught);
    expect(overloadedError).toMatchObject({ kind: "server", isRetryable: true });
    expect(ProviderError.isInstance(overloadedError) && overloadedError.message).toContain(
      "Overloaded",
    );

    const quota = new MockLanguageModelV4({
      doStream: streamOf([
        { type: "error", error: { code: "insufficient_quota", message: "none" } },
      ]),
    });
    const quotaError = await fromAISDK(quota, { stream: true })
      .generate({ messages: question })
      .catch((caught: unknown) => caught);
    expect(quotaError).toMatchObject({ kind: "quota", isRetryable: false });
  });
});
