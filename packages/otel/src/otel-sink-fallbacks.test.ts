import { createRLM, ProviderError, withFallbacks } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { describe, expect, it } from "vitest";
import { inMemoryTelemetry } from "./test-support/in-memory-telemetry.js";

describe("otelSink on a run with a fallback chain", () => {
  it("names the model of each attempt and its place in the chain on the chat spans", async () => {
    const telemetry = inMemoryTelemetry();
    const first = scriptedModel({
      provider: "openai",
      modelId: "gpt-5-mini",
      respond: () => ({
        error: new ProviderError({ kind: "rate-limit", provider: "openai", message: "429" }),
      }),
    });
    const second = scriptedModel({
      provider: "anthropic",
      modelId: "claude-haiku-4-5",
      replies: ["```repl\nFINAL('done')\n```"],
    });
    const rlm = createRLM({
      model: withFallbacks([first, second]),
      sandbox: vmSandbox(),
      retry: { maxRetries: 0 },
      sinks: [telemetry.sink],
    });
    expect((await rlm.complete({ context: "c", query: "q" })).answer).toBe("done");

    const chats = telemetry.spans().filter((span) => span.name.startsWith("chat "));
    expect(
      chats.map((span) => [
        span.name,
        span.attributes["gen_ai.provider.name"],
        span.attributes["gen_ai.request.model"],
        span.attributes["gen_ai.response.model"],
        span.attributes["rlm.fallback.index"],
      ]),
    ).toEqual([
      ["chat gpt-5-mini", "openai", "gpt-5-mini", undefined, 0],
      ["chat claude-haiku-4-5", "anthropic", "claude-haiku-4-5", "claude-haiku-4-5", 1],
    ]);
  });
});
