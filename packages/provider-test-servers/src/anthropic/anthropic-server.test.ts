import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SAMPLE_PNG } from "../sample-images.js";
import { readAnthropicJsonFixture, readAnthropicSseFixture } from "./anthropic-fixtures.js";
import { type AnthropicServer, startAnthropicServer } from "./anthropic-server.js";

let server: AnthropicServer;
beforeEach(async () => {
  server = await startAnthropicServer();
});
afterEach(async () => {
  await server.close();
});

function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${server.baseURL}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("startAnthropicServer", () => {
  it("answers from the queue with a request id, and records the request", async () => {
    server.reply({ kind: "fixture", fixture: "messages-text" });
    const response = await post("/v1/messages", { model: "m", max_tokens: 5, messages: [] });
    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toBe("req_test_1");
    expect(await response.json()).toEqual(readAnthropicJsonFixture("messages-text"));
    expect(server.requests[0]?.json).toEqual({ model: "m", max_tokens: 5, messages: [] });
  });

  it("streams a fixture's events when the body asks to stream", async () => {
    server.reply({ kind: "fixture", fixture: "messages-text" });
    const response = await post("/v1/messages", { stream: true });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const text = await response.text();
    expect(text).toContain("event: message_start");
    expect(text).toContain("event: message_stop");
  });

  it("answers 404 for unknown paths and 500 when nothing is queued", async () => {
    expect((await post("/v1/complete", {})).status).toBe(404);
    const response = await post("/v1/messages", {});
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ type: "error", error: { type: "api_error" } });
  });

  it("ships fixtures whose JSON and streams parse", () => {
    for (const name of ["messages-text", "messages-thinking"]) {
      const events = readAnthropicSseFixture(name) ?? [];
      expect(events.length).toBeGreaterThan(3);
      for (const event of events) expect(() => JSON.parse(event.data)).not.toThrow();
    }
    for (const name of ["messages-cache", "messages-max-tokens", "messages-refusal"]) {
      expect(readAnthropicJsonFixture(name)).toMatchObject({ type: "message" });
    }
  });
});

describe("startAnthropicServer: images and structured output", () => {
  const data = Buffer.from(SAMPLE_PNG).toString("base64");
  const schema = {
    type: "object",
    properties: { total: { type: "number" } },
    required: ["total"],
    additionalProperties: false,
  };

  it("records image blocks and output_config.format, and answers a structured reply as a text block", async () => {
    server.reply({ kind: "structured", value: { total: 3 } });
    const response = await post("/v1/messages", {
      model: "m",
      max_tokens: 100,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Sum it." },
            { type: "image", source: { type: "base64", media_type: "image/png", data } },
          ],
        },
      ],
      output_config: { format: { type: "json_schema", schema } },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { content: { type: string; text: string }[] };
    expect(body.content[0]?.type).toBe("text");
    expect(JSON.parse(body.content[0]?.text ?? "")).toEqual({ total: 3 });
    expect(server.requests[0]?.images).toEqual([{ mediaType: "image/png", data: SAMPLE_PNG }]);
    expect(server.requests[0]?.structuredOutput).toEqual({ schema });
  });

  it("refuses an image whose bytes are not its media type, and an open object schema", async () => {
    server.reply({ kind: "text", text: "unused" });
    const mislabelled = await post("/v1/messages", {
      model: "m",
      max_tokens: 5,
      messages: [
        {
          role: "user",
          content: [{ type: "image", source: { type: "base64", media_type: "image/jpeg", data } }],
        },
      ],
    });
    expect(mislabelled.status).toBe(400);
    expect(await mislabelled.json()).toMatchObject({
      error: {
        type: "invalid_request_error",
        message: expect.stringContaining("messages.0.content.0.image.source.base64"),
      },
    });
    const open = await post("/v1/messages", {
      model: "m",
      max_tokens: 5,
      messages: [{ role: "user", content: "Hi" }],
      output_config: { format: { type: "json_schema", schema: { type: "object" } } },
    });
    expect(open.status).toBe(400);
    expect(server.pending).toBe(1);
  });
});
