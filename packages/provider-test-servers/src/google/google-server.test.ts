import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
