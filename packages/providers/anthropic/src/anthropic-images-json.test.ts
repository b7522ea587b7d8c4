import type { Message } from "@rlm/core";
import {
  type AnthropicServer,
  SAMPLE_IMAGE_TURN,
  SAMPLE_JPEG,
  SAMPLE_PNG,
  SAMPLE_RECEIPT_SCHEMA,
  startAnthropicServer,
} from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { anthropic } from "./anthropic-provider.js";

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

const imageMessages: Message[] = [
  { role: "system", content: "You read receipts." },
  SAMPLE_IMAGE_TURN,
];

const schema = SAMPLE_RECEIPT_SCHEMA;

let server: AnthropicServer;
beforeEach(async () => {
  server = await startAnthropicServer();
});
afterEach(async () => {
  await server.close();
});

function model(modelId = "claude-sonnet-4-6", options: Parameters<typeof anthropic>[1] = {}) {
  return anthropic(modelId, { baseURL: server.baseURL, apiKey: "sk-ant-test", ...options });
}

function body(index = 0): Record<string, unknown> {
  return (server.requests[index]?.json ?? {}) as Record<string, unknown>;
}

describe("images", () => {
  it("sends image parts as base64 image blocks between the text blocks, bytes unchanged", async () => {
    server.reply({ kind: "text", text: "12.50 EUR" });
    await model().generate({ messages: imageMessages });
    expect(body().messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Total of these two receipts?" },
          {
            type: "image",
            source: { type: "base64", media_type: "image/png", data: base64(SAMPLE_PNG) },
          },
          { type: "text", text: "and" },
          {
            type: "image",
            source: { type: "base64", media_type: "image/jpeg", data: base64(SAMPLE_JPEG) },
          },
        ],
      },
    ]);
    expect(server.requests[0]?.images).toEqual([
      { mediaType: "image/png", data: SAMPLE_PNG },
      { mediaType: "image/jpeg", data: SAMPLE_JPEG },
    ]);
  });
});

describe("structured output", () => {
  it("sends the schema as output_config.format and returns the JSON text", async () => {
    server.reply({ kind: "structured", value: { total: 12.5, currency: "EUR" } });
    const result = await model().generate({
      messages: imageMessages,
      responseFormat: { type: "json", schema },
      providerOptions: { anthropic: { extraBody: { output_config: { effort: "low" } } } },
    });
    expect(body().output_config).toEqual({
      effort: "low",
      format: { type: "json_schema", schema },
    });
    expect(JSON.parse(result.text)).toEqual({ total: 12.5, currency: "EUR" });
    expect(result.finishReason).toBe("stop");
  });

  it("closes open objects, moves unsupported constraints to descriptions, and streams", async () => {
    server.reply({ kind: "structured", value: { total: 3 } });
    const open = {
      type: "object",
      properties: { total: { type: "number", minimum: 0 } },
      required: ["total"],
    };
    const result = await model("claude-haiku-4-5", { stream: true }).generate({
      messages: imageMessages,
      responseFormat: { type: "json", schema: open },
    });
    expect(body().stream).toBe(true);
    const sent = server.requests[0]?.structuredOutput?.schema as Record<string, unknown>;
    expect(sent).toMatchObject({
      type: "object",
      additionalProperties: false,
      required: ["total"],
    });
    expect(sent.properties).toEqual({
      total: { type: "number", description: expect.stringContaining("minimum") },
    });
    expect(JSON.parse(result.text)).toEqual({ total: 3 });
  });

  it("wraps a non-object schema in `value` and unwraps the reply", async () => {
    server.reply({ kind: "structured", value: { value: [1, 2] } });
    const list = { type: "array", items: { type: "integer" } };
    const result = await model().generate({
      messages: [{ role: "user", content: "Two numbers?" }],
      responseFormat: { type: "json", schema: list },
    });
    expect(body().output_config).toEqual({
      format: {
        type: "json_schema",
        schema: {
          type: "object",
          properties: { value: list },
          required: ["value"],
          additionalProperties: false,
        },
      },
    });
    expect(result.text).toBe("[1,2]");
  });

  it("asks in the system prompt for a schema the structured-output grammar cannot hold", async () => {
    server.reply({ kind: "text", text: '{"anything":true}' });
    const untyped = { type: "object", properties: { anything: {} } };
    const result = await model().generate({
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: "Anything?" },
      ],
      responseFormat: { type: "json", schema: untyped },
    });
    expect(body()).not.toHaveProperty("output_config");
    const [system] = body().system as { text: string }[];
    expect(system?.text).toContain("You are terse.");
    expect(system?.text).toContain(JSON.stringify(untyped));
    expect(result.text).toBe('{"anything":true}');
  });

  it("declares what the model can do, and leaves output_config out for a model without it", async () => {
    expect(model("claude-sonnet-4-5")).toMatchObject({
      supportsStructuredOutput: true,
      supportsImages: true,
    });
    expect(model("claude-opus-4-1-20250805")).toMatchObject({ supportsStructuredOutput: false });
    expect(model("claude-3-5-haiku-latest")).toMatchObject({
      supportsStructuredOutput: false,
      supportsImages: true,
    });
    expect(model("claude-sonnet-4", { structuredOutput: true }).supportsStructuredOutput).toBe(
      true,
    );
    server.reply({ kind: "text", text: "{}" });
    await model("claude-sonnet-4-0").generate({
      messages: [{ role: "user", content: "Hi" }],
      responseFormat: { type: "json", schema },
    });
    expect(body()).not.toHaveProperty("output_config");
  });
});
