import type { Message } from "@rlm/core";
import {
  type GoogleServer,
  SAMPLE_IMAGE_TURN,
  SAMPLE_JPEG,
  SAMPLE_PNG,
  SAMPLE_RECEIPT_SCHEMA,
  startGoogleServer,
} from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { google } from "./google-provider.js";

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

const imageMessages: Message[] = [
  { role: "system", content: "You read receipts." },
  SAMPLE_IMAGE_TURN,
];

const schema = SAMPLE_RECEIPT_SCHEMA;

let server: GoogleServer;
beforeEach(async () => {
  server = await startGoogleServer();
});
afterEach(async () => {
  await server.close();
});

function model(modelId = "gemini-2.5-flash", options: Parameters<typeof google>[1] = {}) {
  return google(modelId, { baseURL: server.baseURL, apiKey: "gemini-test-key", ...options });
}

function body(index = 0): Record<string, unknown> {
  return (server.requests[index]?.json ?? {}) as Record<string, unknown>;
}

describe("images", () => {
  it("sends image parts as inlineData between the text parts, and reports their tokens", async () => {
    server.reply({ kind: "text", text: "12.50 EUR", inputTokens: 900 });
    const result = await model().generate({ messages: imageMessages });
    expect(body().contents).toEqual([
      {
        role: "user",
        parts: [
          { text: "Total of these two receipts?" },
          { inlineData: { mimeType: "image/png", data: base64(SAMPLE_PNG) } },
          { text: "and" },
          { inlineData: { mimeType: "image/jpeg", data: base64(SAMPLE_JPEG) } },
        ],
      },
    ]);
    expect(server.requests[0]?.images).toEqual([
      { mediaType: "image/png", data: SAMPLE_PNG },
      { mediaType: "image/jpeg", data: SAMPLE_JPEG },
    ]);
    // Two images at 258 tokens each, inside the prompt's 900.
    expect(result.usage).toMatchObject({ inputTokens: 900, imageInputTokens: 516 });
  });

  it("reports image tokens from a stream's last usage", async () => {
    server.reply({ kind: "text", text: "12.50 EUR", inputTokens: 700, imageInputTokens: 300 });
    const result = await model("gemini-2.5-flash", { stream: true }).generate({
      messages: imageMessages,
    });
    expect(server.requests[0]?.url).toContain(":streamGenerateContent");
    expect(result.usage).toMatchObject({ inputTokens: 700, imageInputTokens: 300 });
  });

  it("leaves image tokens unknown for a text-only prompt", async () => {
    server.reply({ kind: "text", text: "Hi" });
    const result = await model().generate({ messages: [{ role: "user", content: "Hi" }] });
    expect(result.usage.imageInputTokens).toBeUndefined();
  });
});

describe("structured output", () => {
  it("sends responseMimeType application/json with the schema as responseJsonSchema", async () => {
    server.reply({ kind: "structured", value: { total: 12.5, currency: "EUR" } });
    const result = await model().generate({
      messages: imageMessages,
      maxOutputTokens: 200,
      responseFormat: { type: "json", schema },
    });
    expect(body().generationConfig).toEqual({
      maxOutputTokens: 200,
      responseMimeType: "application/json",
      responseJsonSchema: schema,
    });
    expect(JSON.parse(result.text)).toEqual({ total: 12.5, currency: "EUR" });
    expect(result.finishReason).toBe("stop");
  });

  it("sends a non-object schema as it is, and streams the JSON", async () => {
    server.reply({ kind: "structured", value: [1, 2, 3] });
    const list = { type: "array", items: { type: "integer" } };
    const result = await model("gemini-2.5-pro", { stream: true }).generate({
      messages: [{ role: "user", content: "Three numbers?" }],
      responseFormat: { type: "json", schema: list },
    });
    expect(server.requests[0]?.structuredOutput).toEqual({ schema: list });
    expect(JSON.parse(result.text)).toEqual([1, 2, 3]);
  });

  it("declares what the model can do, and sends no schema for a model without it", async () => {
    expect(model()).toMatchObject({ supportsStructuredOutput: true, supportsImages: true });
    expect(model("gemma-3-27b-it")).toMatchObject({ supportsStructuredOutput: false });
    expect(model("gemini-1.0-pro")).toMatchObject({ supportsImages: false });
    expect(model("gemma-3-27b-it", { structuredOutput: true }).supportsStructuredOutput).toBe(true);
    server.reply({ kind: "text", text: "{}" });
    await model("gemma-3-27b-it", {
      pricing: { inputPerMillionUsd: 0, outputPerMillionUsd: 0 },
    }).generate({
      messages: [{ role: "user", content: "Hi" }],
      responseFormat: { type: "json", schema },
    });
    expect(body().generationConfig ?? {}).toEqual({});
  });
});
