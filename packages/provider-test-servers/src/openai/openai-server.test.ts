import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SAMPLE_PNG } from "../sample-images.js";
import { until } from "../test-support/until.js";
import { parseSse, readJsonFixture, readSseFixture } from "./openai-fixtures.js";
import { type OpenAIServer, startOpenAIServer } from "./openai-server.js";

let server: OpenAIServer;
beforeEach(async () => {
  server = await startOpenAIServer();
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

describe("startOpenAIServer", () => {
  it("answers a fixture as JSON or as a stream, as the request asks", async () => {
    server.reply(
      { kind: "fixture", fixture: "chat-text" },
      { kind: "fixture", fixture: "chat-text" },
    );
    const plain = await post("/chat/completions", { model: "m", messages: [] });
    expect(plain.headers.get("x-request-id")).toBe("req_test_1");
    expect(await plain.json()).toEqual(readJsonFixture("chat-text"));
    const streamed = await post("/chat/completions", { model: "m", messages: [], stream: true });
    expect(streamed.headers.get("content-type")).toBe("text/event-stream");
    expect(parseSse(await streamed.text())).toEqual(readSseFixture("chat-text"));
    expect(server.requests.map((request) => request.json)).toEqual([
      { model: "m", messages: [] },
      { model: "m", messages: [], stream: true },
    ]);
  });

  it("refuses a fixture meant for the other endpoint, and an empty queue", async () => {
    server.reply({ kind: "fixture", fixture: "chat-text" });
    expect((await post("/responses", { model: "m" })).status).toBe(500);
    expect((await post("/responses", { model: "m" })).status).toBe(500);
    expect((await post("/embeddings", { model: "m" })).status).toBe(404);
  });

  it("cuts a stream after the given number of events", async () => {
    server.reply({ kind: "cut-stream", fixture: "responses-text", afterEvents: 2, ending: "end" });
    const response = await post("/responses", { model: "m", stream: true });
    const events = parseSse(await response.text());
    expect(events.map((event) => event.event)).toEqual([
      "response.created",
      "response.in_progress",
    ]);
  });

  it("answers scripted errors with their status, body and headers", async () => {
    server.reply({ kind: "error", status: 429, headers: { "retry-after": "2" } });
    const response = await post("/chat/completions", { model: "m" });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toMatchObject({ error: { code: "rate_limit_exceeded" } });
  });

  it("sends malformed JSON with a JSON content type", async () => {
    server.reply({ kind: "malformed-json" });
    const response = await post("/chat/completions", { model: "m" });
    expect(response.headers.get("content-type")).toBe("application/json");
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it("delays a reply", async () => {
    server.reply({ kind: "fixture", fixture: "responses-text", delayMs: 120 });
    const started = performance.now();
    expect((await post("/responses", { model: "m" })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  it("hangs until the client aborts, then takes the next reply", async () => {
    server.reply({ kind: "hang" }, { kind: "fixture", fixture: "chat-text" });
    const controller = new AbortController();
    const hung = fetch(`${server.baseURL}/chat/completions`, {
      method: "POST",
      body: "{}",
      signal: controller.signal,
    });
    // Aborted before it arrived, the request would leave the hang for the next one.
    await until(() => server.requests.length === 1);
    controller.abort();
    await expect(hung).rejects.toThrow();
    expect((await post("/chat/completions", { model: "m" })).status).toBe(200);
    expect(server.pending).toBe(0);
  });

  it("ships well-formed fixtures: every streamed event is JSON or [DONE]", () => {
    for (const name of ["chat-text", "responses-text", "responses-failed"]) {
      const events = readSseFixture(name) ?? [];
      expect(events.length, name).toBeGreaterThan(1);
      for (const event of events) {
        if (event.data !== "[DONE]") expect(() => JSON.parse(event.data)).not.toThrow();
      }
    }
  });
});

describe("startOpenAIServer: images and structured output", () => {
  const png = `data:image/png;base64,${Buffer.from(SAMPLE_PNG).toString("base64")}`;
  const schema = {
    type: "object",
    properties: { total: { type: "number" } },
    required: ["total"],
    additionalProperties: false,
  };

  it("records chat image parts and response_format, and answers a structured reply as JSON text", async () => {
    server.reply({ kind: "structured", value: { total: 3 } });
    const response = await post("/chat/completions", {
      model: "m",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Sum it." },
            { type: "image_url", image_url: { url: png } },
          ],
        },
      ],
      response_format: { type: "json_schema", json_schema: { name: "sum", schema, strict: true } },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(JSON.parse(body.choices[0]?.message.content ?? "")).toEqual({ total: 3 });
    const [request] = server.requests;
    expect(request?.images).toEqual([{ mediaType: "image/png", data: SAMPLE_PNG }]);
    expect(request?.structuredOutput).toEqual({ schema, name: "sum", strict: true });
  });

  it("records Responses input_image parts and text.format", async () => {
    server.reply({ kind: "structured", value: { total: 1 } });
    const response = await post("/responses", {
      model: "m",
      input: [{ role: "user", content: [{ type: "input_image", image_url: png, detail: "auto" }] }],
      text: { format: { type: "json_schema", name: "sum", schema, strict: false } },
    });
    expect(response.status).toBe(200);
    expect(server.requests[0]?.images).toHaveLength(1);
    expect(server.requests[0]?.structuredOutput).toEqual({ schema, name: "sum", strict: false });
  });

  it("refuses a malformed image with a 400 and keeps the queued reply", async () => {
    server.reply({ kind: "text", text: "unused" });
    const notAnImage = `data:image/png;base64,${Buffer.from("hello").toString("base64")}`;
    for (const url of [notAnImage, "data:image/png;base64,@@@", "data:image/bmp;base64,Qk0="]) {
      const response = await post("/chat/completions", {
        model: "m",
        messages: [{ role: "user", content: [{ type: "image_url", image_url: { url } }] }],
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { type: "invalid_request_error", param: "messages[0].content[0]" },
      });
    }
    expect(server.pending).toBe(1);
  });

  it("refuses a strict schema that leaves an object open or a property optional", async () => {
    const open = { type: "object", properties: { a: { type: "string" } }, required: ["a"] };
    const optional = { ...schema, properties: { ...schema.properties, b: { type: "string" } } };
    for (const bad of [open, optional, { type: "array", items: { type: "string" } }]) {
      const response = await post("/responses", {
        model: "m",
        input: "Hi",
        text: { format: { type: "json_schema", name: "x", schema: bad, strict: true } },
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { param: "text.format", code: "invalid_json_schema" },
      });
    }
  });
});
