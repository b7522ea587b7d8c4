import { ProviderError } from "@rlm/core";
import { type GoogleServer, startGoogleServer } from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { google } from "./google-provider.js";

let server: GoogleServer;
beforeEach(async () => {
  server = await startGoogleServer();
});
afterEach(async () => {
  await server.close();
});

describe("Vertex AI mode", () => {
  it("calls the Vertex publisher path and reports as gcp.vertex_ai", async () => {
    server.reply({ kind: "fixture", fixture: "generate-text" }, { kind: "error", status: 429 });
    // An API key selects Vertex AI express mode, which needs no Google Cloud credentials.
    const model = google("gemini-2.5-flash", {
      vertexai: true,
      apiKey: "vertex-express-key",
      baseURL: server.baseURL,
    });
    const result = await model.generate({ messages: [{ role: "user", content: "Hi" }] });
    expect(result.usage).toEqual({ inputTokens: 2048, outputTokens: 120 });
    expect(server.requests[0]?.url).toMatch(
      /\/publishers\/google\/models\/gemini-2\.5-flash:generateContent$/,
    );
    const error = await model.generate({ messages: [{ role: "user", content: "Hi" }] }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(ProviderError.isInstance(error) && error.provider).toBe("gcp.vertex_ai");
    expect(ProviderError.isInstance(error) && error.kind).toBe("rate-limit");
  });

  it("follows GOOGLE_GENAI_USE_VERTEXAI when the vertexai option is unset", async () => {
    const saved = process.env.GOOGLE_GENAI_USE_VERTEXAI;
    process.env.GOOGLE_GENAI_USE_VERTEXAI = "true";
    try {
      server.reply({ kind: "fixture", fixture: "generate-text" });
      const model = google("gemini-2.5-flash", { apiKey: "k", baseURL: server.baseURL });
      expect(model.provider).toBe("gcp.vertex_ai");
      await model.generate({ messages: [{ role: "user", content: "Hi" }] });
      expect(server.requests[0]?.url).toContain("/publishers/google/models/");
      expect(google("gemini-2.5-flash", { vertexai: false }).provider).toBe("gcp.gemini");
    } finally {
      if (saved === undefined) delete process.env.GOOGLE_GENAI_USE_VERTEXAI;
      else process.env.GOOGLE_GENAI_USE_VERTEXAI = saved;
    }
  });
});
