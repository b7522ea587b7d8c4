import { createRLM } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { describe, expect, it } from "vitest";
import { inMemoryTelemetry } from "./test-support/in-memory-telemetry.js";

function repl(code: string): string {
  return `\`\`\`repl\n${code}\n\`\`\``;
}

describe("otelSink on a run with memoised sub-calls", () => {
  it("marks the chat span of a reused reply with rlm.cache.hit and keeps it out of the GenAI metrics", async () => {
    const telemetry = inMemoryTelemetry();
    const root = scriptedModel({
      modelId: "root-model",
      replies: [
        repl(
          'const a = await llm_query("same question");\nconst b = await llm_query("same question");\nFINAL(a + "|" + b);',
        ),
      ],
    });
    const sub = scriptedModel({
      modelId: "sub-model",
      pricing: { inputPerMillionUsd: 1, outputPerMillionUsd: 2 },
      respond: () => "sub reply",
    });
    const rlm = createRLM({
      model: root,
      subModel: sub,
      sandbox: vmSandbox(),
      memoize: true,
      sinks: [telemetry.sink],
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("sub reply|sub reply");

    const subChats = telemetry.spans().filter((span) => span.name === "chat sub-model");
    expect(subChats.map((span) => span.attributes["rlm.cache.hit"])).toEqual([undefined, true]);
    const hit = subChats[1]!;
    expect(hit.attributes["rlm.cost.usd"]).toBe(0);
    expect(hit.attributes["gen_ai.usage.input_tokens"]).toBe(0);

    // Two model requests reached a provider (the root turn and the first sub-call), so the
    // duration histogram has two of them, not three.
    const duration = await telemetry.metric("gen_ai.client.operation.duration");
    const points = duration!.dataPoints as { value: { count: number } }[];
    expect(points.reduce((total, point) => total + point.value.count, 0)).toBe(2);
  });
});
