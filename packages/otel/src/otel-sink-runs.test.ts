import { SpanStatusCode } from "@opentelemetry/api";
import { AlwaysOffSampler } from "@opentelemetry/sdk-trace";
import { createRLM, ProviderError } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { describe, expect, it } from "vitest";
import { inMemoryTelemetry } from "./test-support/in-memory-telemetry.js";
import { childrenOf, parentOf, spanId } from "./test-support/span-tree.js";

function repl(code: string): string {
  return `\`\`\`repl\n${code}\n\`\`\``;
}

describe("otelSink across attempts and runs", () => {
  it("gives each retry attempt its own chat span under the same cell", async () => {
    const telemetry = inMemoryTelemetry();
    let failures = 0;
    const sub = scriptedModel({
      modelId: "flaky-model",
      respond: () => {
        if (failures++ < 2) {
          return {
            error: new ProviderError({
              kind: "server",
              provider: "scripted",
              status: 503,
              message: "busy",
            }),
          };
        }
        return "finally";
      },
    });
    const root = scriptedModel({
      modelId: "root-model",
      replies: [repl('FINAL(await llm_query("try"))')],
    });
    const rlm = createRLM({
      model: root,
      subModel: sub,
      sandbox: vmSandbox(),
      retry: { initialDelayMs: 1, maxDelayMs: 2 },
      sinks: [telemetry.sink],
    });
    expect((await rlm.complete({ context: "c", query: "q" })).answer).toBe("finally");
    const spans = telemetry.spans();
    const cell = spans.find((span) => span.name === "execute_tool repl")!;
    const attempts = spans
      .filter((span) => span.name === "chat flaky-model")
      .sort(
        (a, b) => (a.attributes["rlm.attempt"] as number) - (b.attributes["rlm.attempt"] as number),
      );
    expect(attempts.map((span) => span.attributes["rlm.attempt"])).toEqual([1, 2, 3]);
    expect(attempts.map((span) => span.status.code)).toEqual([
      SpanStatusCode.ERROR,
      SpanStatusCode.ERROR,
      SpanStatusCode.UNSET,
    ]);
    for (const attempt of attempts) expect(parentOf(attempt)).toBe(spanId(cell));
    // The sub-call succeeded in the end, so the cell reports no failure.
    expect(cell.status.code).toBe(SpanStatusCode.UNSET);
    expect(cell.events).toHaveLength(0);
  });

  it("keeps concurrent runs on one sink in separate traces", async () => {
    const telemetry = inMemoryTelemetry();
    const makeRun = (tag: string) => {
      const model = scriptedModel({
        modelId: `model-${tag}`,
        replies: [repl(`const x = await llm_query("${tag}")`), `FINAL(${tag})`],
      });
      return createRLM({
        model,
        subModel: scriptedModel({ modelId: "sub", respond: () => ({ text: "s", delayMs: 5 }) }),
        sandbox: vmSandbox(),
        sinks: [telemetry.sink],
      }).complete({ context: "c", query: tag });
    };
    const results = await Promise.all([makeRun("a"), makeRun("b"), makeRun("c")]);
    const spans = telemetry.spans();
    const roots = childrenOf(spans);
    expect(roots).toHaveLength(3);
    for (const result of results) {
      const mine = spans.filter(
        (span) => span.attributes["gen_ai.conversation.id"] === result.runId,
      );
      expect(mine).toHaveLength(5);
      expect(new Set(mine.map((span) => span.spanContext().traceId)).size).toBe(1);
    }
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(3);
    expect(telemetry.openSpans()).toBe(0);
  });

  it("builds no spans for a run whose trace is sampled out, but still records metrics", async () => {
    const telemetry = inMemoryTelemetry({}, { sampler: new AlwaysOffSampler() });
    const root = scriptedModel({
      modelId: "root-model",
      replies: [repl('await llm_query_batched(["a", "b"]); await rlm_query("c")'), "FINAL(x)"],
    });
    const child = scriptedModel({ modelId: "child-model", replies: ["FINAL(y)"] });
    const sub = scriptedModel({ modelId: "sub-model", respond: () => "s" });
    const rlm = createRLM({
      model: root,
      subModel: sub,
      depthModels: [child],
      sandbox: vmSandbox(),
      sinks: [telemetry.sink],
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(telemetry.spans()).toHaveLength(0);
    expect(telemetry.openSpans()).toBe(0);
    const duration = await telemetry.metric("gen_ai.client.operation.duration");
    const points = duration!.dataPoints as { value: { count: number } }[];
    expect(points.reduce((total, point) => total + point.value.count, 0)).toBe(
      result.usage.total.calls,
    );
  });

  it("ignores events of a run it did not see start", () => {
    const telemetry = inMemoryTelemetry();
    telemetry.sink.onEvent({
      type: "cell-start",
      runId: "unknown",
      nodeId: "node-1",
      parentNodeId: undefined,
      depth: 0,
      seq: 5,
      time: Date.now(),
      cellId: "cell-1",
      iteration: 1,
      language: "javascript",
      code: "1",
    });
    expect(telemetry.openSpans()).toBe(0);
    expect(telemetry.spans()).toHaveLength(0);
  });
});

describe("otelSink and host tools", () => {
  it("gives each tool call an execute_tool span under its cell, failures marked", async () => {
    const telemetry = inMemoryTelemetry({ captureContent: true });
    const root = scriptedModel({
      replies: [
        repl(
          "const a = await lookup({ id: 7 });\ntry { await broken({}) } catch {}\nFINAL(String(a.found))",
        ),
      ],
    });
    const rlm = createRLM({
      model: root,
      sandbox: vmSandbox(),
      tools: {
        lookup: (args) => ({ found: (args as { id: number }).id }),
        broken: () => {
          throw new TypeError("the index is down");
        },
      },
      sinks: [telemetry.sink],
    });
    expect((await rlm.complete({ context: "c", query: "q" })).answer).toBe("7");
    const spans = telemetry.spans();
    const cell = spans.find((span) => span.name === "execute_tool repl")!;
    const lookup = spans.find((span) => span.name === "execute_tool lookup")!;
    const broken = spans.find((span) => span.name === "execute_tool broken")!;
    expect(parentOf(lookup)).toBe(spanId(cell));
    expect(parentOf(broken)).toBe(spanId(cell));
    expect(lookup.attributes).toMatchObject({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "lookup",
      "gen_ai.tool.type": "function",
      "gen_ai.tool.call.arguments": '{"id":7}',
      "gen_ai.tool.call.result": '{"found":7}',
    });
    expect(lookup.status.code).toBe(SpanStatusCode.UNSET);
    expect(broken.status).toMatchObject({
      code: SpanStatusCode.ERROR,
      message: "the index is down",
    });
    expect(broken.attributes["error.type"]).toBe("TypeError");
    expect(childrenOf(spans, cell)).toHaveLength(2);
  });
});
