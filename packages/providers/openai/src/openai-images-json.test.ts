import type { Message } from "@rlm/core";
import {
  type OpenAIServer,
  SAMPLE_IMAGE_TURN,
  SAMPLE_JPEG,
  SAMPLE_PNG,
  SAMPLE_RECEIPT_SCHEMA,
  startOpenAIServer,
} from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openai, openaiCompatible } from "./openai-provider.js";

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

const imageMessages: Message[] = [
  { role: "system", content: "You read receipts." },
  SAMPLE_IMAGE_TURN,
];

const schema = SAMPLE_RECEIPT_SCHEMA;

let server: OpenAIServer;
beforeEach(async () => {
  server = await startOpenAIServer();
  // Models without a known price warn once; that is not what these tests look at.
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(async () => {
  await server.close();
  vi.restoreAllMocks();
});

function body(index = 0): Record<string, unknown> {
  return (server.requests[index]?.json ?? {}) as Record<string, unknown>;
}

describe("openai() over Chat Completions", () => {
  const model = (modelId = "gpt-4.1-mini") =>
    openai(modelId, { baseURL: server.baseURL, apiKey: "sk-test", api: "chat" });

  it("sends image parts as image_url data URLs between the text parts, bytes unchanged", async () => {
    server.reply({ kind: "text", text: "12.50 EUR" });
    await model().generate({ messages: imageMessages });
    expect(body().messages).toEqual([
      { role: "system", content: "You read receipts." },
      {
        role: "user",
        content: [
          { type: "text", text: "Total of these two receipts?" },
          { type: "image_url", image_url: { url: `data:image/png;base64,${base64(SAMPLE_PNG)}` } },
          { type: "text", text: "and" },
          {
            type: "image_url",
            image_url: { url: `data:image/jpeg;base64,${base64(SAMPLE_JPEG)}` },
          },
        ],
      },
    ]);
    expect(server.requests[0]?.images).toEqual([
      { mediaType: "image/png", data: SAMPLE_PNG },
      { mediaType: "image/jpeg", data: SAMPLE_JPEG },
    ]);
  });

  it("sends the schema as a strict json_schema response_format and returns the JSON text", async () => {
    server.reply({ kind: "structured", value: { total: 12.5, currency: "EUR" } });
    const result = await model().generate({
      messages: imageMessages,
      responseFormat: { type: "json", schema, name: "receipt total" },
    });
    expect(body().response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "receipt_total", schema, strict: true },
    });
    expect(JSON.parse(result.text)).toEqual({ total: 12.5, currency: "EUR" });
    expect(result.finishReason).toBe("stop");
  });

  it("sends a schema strict mode would refuse without strict, and wraps a non-object root", async () => {
    server.reply(
      { kind: "structured", value: { total: 1 } },
      { kind: "structured", value: { value: ["a", "b"] } },
    );
    const open = { type: "object", properties: { total: { type: "number" } } };
    await model().generate({
      messages: imageMessages,
      responseFormat: { type: "json", schema: open },
    });
    expect(body(0).response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "response", schema: open, strict: false },
    });
    const list = { type: "array", items: { type: "string" } };
    const result = await model().generate({
      messages: imageMessages,
      responseFormat: { type: "json", schema: list },
    });
    expect(server.requests[1]?.structuredOutput).toEqual({
      name: "response",
      strict: true,
      schema: {
        type: "object",
        properties: { value: list },
        required: ["value"],
        additionalProperties: false,
      },
    });
    expect(JSON.parse(result.text)).toEqual(["a", "b"]);
  });

  it("streams a structured reply and returns the reassembled JSON", async () => {
    server.reply({ kind: "structured", value: { total: 3, currency: "USD" } });
    const streaming = openai("gpt-4.1-mini", {
      baseURL: server.baseURL,
      apiKey: "sk-test",
      api: "chat",
      stream: true,
    });
    const result = await streaming.generate({
      messages: imageMessages,
      responseFormat: { type: "json", schema },
    });
    expect(body().stream).toBe(true);
    expect(JSON.parse(result.text)).toEqual({ total: 3, currency: "USD" });
  });

  it("declares what the model can do, from the table or the options", () => {
    expect(model("gpt-4.1-mini")).toMatchObject({
      supportsStructuredOutput: true,
      supportsImages: true,
    });
    expect(model("gpt-3.5-turbo")).toMatchObject({
      supportsStructuredOutput: false,
      supportsImages: false,
    });
    expect(model("o3-mini")).toMatchObject({
      supportsStructuredOutput: true,
      supportsImages: false,
    });
    const overridden = openai("gpt-3.5-turbo", { structuredOutput: true, images: true });
    expect(overridden).toMatchObject({ supportsStructuredOutput: true, supportsImages: true });
  });

  it("sends no response_format for a model without structured output", async () => {
    server.reply({ kind: "text", text: '{"total":1}' });
    await model("gpt-3.5-turbo").generate({
      messages: [{ role: "user", content: "Total?" }],
      responseFormat: { type: "json", schema },
    });
    expect(body()).not.toHaveProperty("response_format");
  });
});

describe("openai() over the Responses API", () => {
  const model = () => openai("gpt-5-mini", { baseURL: server.baseURL, apiKey: "sk-test" });

  it("sends input_text and input_image parts in order, and the schema as text.format", async () => {
    server.reply({ kind: "structured", value: { total: 12.5, currency: "EUR" } });
    const result = await model().generate({
      messages: imageMessages,
      responseFormat: { type: "json", schema, name: "receipt" },
      providerOptions: { openai: { verbosity: "low" } },
    });
    expect(body().input).toEqual([
      { type: "message", role: "system", content: "You read receipts." },
      {
        type: "message",
        role: "user",
        content: [
          { type: "input_text", text: "Total of these two receipts?" },
          {
            type: "input_image",
            image_url: `data:image/png;base64,${base64(SAMPLE_PNG)}`,
            detail: "auto",
          },
          { type: "input_text", text: "and" },
          {
            type: "input_image",
            image_url: `data:image/jpeg;base64,${base64(SAMPLE_JPEG)}`,
            detail: "auto",
          },
        ],
      },
    ]);
    expect(body().text).toEqual({
      verbosity: "low",
      format: { type: "json_schema", name: "receipt", schema, strict: true },
    });
    expect(server.requests[0]?.images?.map((image) => image.data)).toEqual([
      SAMPLE_PNG,
      SAMPLE_JPEG,
    ]);
    expect(JSON.parse(result.text)).toEqual({ total: 12.5, currency: "EUR" });
  });

  it("unwraps a wrapped schema's streamed reply", async () => {
    server.reply({ kind: "structured", value: { value: 42 } });
    const streaming = openai("gpt-5-mini", {
      baseURL: server.baseURL,
      apiKey: "sk-test",
      stream: true,
    });
    const result = await streaming.generate({
      messages: [{ role: "user", content: "The answer?" }],
      responseFormat: { type: "json", schema: { type: "integer" } },
    });
    expect(result.text).toBe("42");
  });
});

describe("openaiCompatible()", () => {
  it("sends neither response_format nor images unless told the server supports them", async () => {
    server.reply(
      { kind: "text", text: "{}" },
      { kind: "structured", value: { total: 2, currency: "EUR" } },
    );
    const plain = openaiCompatible({ modelId: "llama", baseURL: server.baseURL });
    expect(plain).toMatchObject({ supportsStructuredOutput: false, supportsImages: false });
    await plain.generate({
      messages: [{ role: "user", content: "Total?" }],
      responseFormat: { type: "json", schema },
    });
    expect(body(0)).not.toHaveProperty("response_format");
    const capable = openaiCompatible({
      modelId: "qwen2.5-vl",
      baseURL: server.baseURL,
      structuredOutput: true,
      images: true,
    });
    const result = await capable.generate({
      messages: imageMessages,
      responseFormat: { type: "json", schema },
    });
    expect(body(1).response_format).toMatchObject({ type: "json_schema" });
    expect(server.requests[1]?.images).toHaveLength(2);
    expect(JSON.parse(result.text)).toEqual({ total: 2, currency: "EUR" });
  });
});
