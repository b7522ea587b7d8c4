import { trace } from "@opentelemetry/api";
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { type AnthropicServer, startAnthropicServer } from "@rlm/provider-test-servers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { anthropic } from "./anthropic-provider.js";

let server: AnthropicServer;
let exporter: InMemorySpanExporter;
let provider: TracerProvider;
beforeEach(async () => {
  server = await startAnthropicServer();
  exporter = new InMemorySpanExporter();
  provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  trace.setGlobalTracerProvider(provider);
});
afterEach(async () => {
  trace.disable();
  await provider.shutdown();
  await server.close();
});

const messages = [{ role: "user" as const, content: "Count the records." }];

describe("the SDK's own spans", () => {
  it("are off, so a registered tracer provider sees no second chat span", async () => {
    server.reply({ kind: "fixture", fixture: "messages-text" });
    await anthropic("claude-haiku-4-5", { baseURL: server.baseURL, apiKey: "k" }).generate({
      messages,
    });
    await provider.forceFlush();
    expect(server.requests).toHaveLength(1);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it("come back when the openTelemetry option asks for them", async () => {
    server.reply({ kind: "fixture", fixture: "messages-text" });
    await anthropic("claude-haiku-4-5", {
      baseURL: server.baseURL,
      apiKey: "k",
      openTelemetry: { traces: true },
    }).generate({ messages });
    await provider.forceFlush();
    expect(exporter.getFinishedSpans().length).toBeGreaterThan(0);
  });
});
