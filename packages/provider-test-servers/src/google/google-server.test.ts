import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SAMPLE_PNG } from "../sample-images.js";
import { readGoogleJsonFixture, readGoogleSseFixture } from "./google-fixtures.js";
import { type GoogleServer, startGoogleServer } from "./google-server.js";

let server: GoogleServer;
beforeEach(async () => {
  server = await startGoogleServer();
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

describe("startGoogleServer", () => {
  it("answers generateContent from the queue and records the request", async () => {
    server.reply({ kind: "fixture", fixture: "generate-text" });
    const response = await post("/v1beta/models/gemini-2.5-flash:generateContent", {
      contents: [],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(readGoogleJsonFixture("generate-text"));
    expect(server.requests[0]?.json).toEqual({ contents: [] });
  });

  it("streams a fixture's chunks for streamGenerateContent", async () => {
    server.reply({ kind: "fixture", fixture: "generate-text" });
    const response = await post(
      "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
      {},
    );
    const text = await response.text();
    expect(text.split("\r\n\r\n").filter(Boolean)).toHaveLength(3);
  });

  it("answers 404 for unknown paths and 500 when nothing is queued", async () => {
    expect((await post("/v1beta/models", {})).status).toBe(404);
    const response = await post("/v1beta/models/m:generateContent", {});
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: 500, status: "INTERNAL" } });
  });

  it("ships fixtures whose JSON and streams parse", () => {
    const chunks = readGoogleSseFixture("generate-text") ?? [];
    expect(chunks).toHaveLength(3);
    for (const chunk of chunks) expect(() => JSON.parse(chunk)).not.toThrow();
    for (const name of [
      "generate-text",
      "generate-thinking",
      "generate-max-tokens",
      "generate-safety",
      "generate-blocked-prompt",
    ]) {
      expect(readGoogleJsonFixture(name)).toHaveProperty("usageMetadata");
    }
  });
});

describe("startGoogleServer: images and structured output", () => {
  const path = "/v1beta/models/gemini-2.5-flash:generateContent";
  const data = Buffer.from(SAMPLE_PNG).toString("base64");
  const schema = { type: "object", properties: { total: { type: "number" } } };

  it("records inlineData images and the JSON schema, and reports image tokens apart", async () => {
    server.reply({ kind: "structured", value: { total: 3 }, inputTokens: 600 });
    const response = await post(path, {
      contents: [
        {
          role: "user",
          parts: [{ text: "Sum it." }, { inlineData: { mimeType: "image/png", data } }],
        },
      ],
      generationConfig: { responseMimeType: "application/json", responseJsonSchema: schema },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      candidates: { content: { parts: { text: string }[] } }[];
      usageMetadata: { promptTokenCount: number; promptTokensDetails: unknown };
    };
    expect(JSON.parse(body.candidates[0]?.content.parts[0]?.text ?? "")).toEqual({ total: 3 });
    expect(body.usageMetadata.promptTokenCount).toBe(600);
    expect(body.usageMetadata.promptTokensDetails).toEqual([
      { modality: "TEXT", tokenCount: 342 },
      { modality: "IMAGE", tokenCount: 258 },
    ]);
    expect(server.requests[0]?.images).toEqual([{ mediaType: "image/png", data: SAMPLE_PNG }]);
    expect(server.requests[0]?.structuredOutput).toEqual({ schema });
  });

  it("refuses undecodable image data, and a schema without the JSON MIME type", async () => {
    server.reply({ kind: "text", text: "unused" });
    const broken = await post(path, {
      contents: [{ role: "user", parts: [{ inlineData: { mimeType: "image/png", data: "%%" } }] }],
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({
      error: { code: 400, status: "INVALID_ARGUMENT" },
    });
    const noMime = await post(path, {
      contents: [{ role: "user", parts: [{ text: "Hi" }] }],
      generationConfig: { responseJsonSchema: schema },
    });
    expect(noMime.status).toBe(400);
    expect(server.pending).toBe(1);
  });
});
