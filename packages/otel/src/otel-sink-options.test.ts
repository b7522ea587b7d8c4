import { context, createNoopMeter as noopMeter, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BatchSpanProcessor, InMemorySpanExporter, TracerProvider } from "@opentelemetry/sdk-trace";
import { createRLM } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type OtelSinkOptions, otelSink } from "./otel-sink.js";
import { inMemoryTelemetry } from "./test-support/in-memory-telemetry.js";
import { childrenOf, parentOf, spanId } from "./test-support/span-tree.js";

function repl(code: string): string {
  return `\`\`\`repl\n${code}\n\`\`\``;
}

async function oneCellRun(sinkOptions: Omit<OtelSinkOptions, "tracerProvider">) {
  const telemetry = inMemoryTelemetry(sinkOptions);
  const root = scriptedModel({
    modelId: "root-model",
    replies: [
      repl('const reply = await llm_query("mail alice@example.com");\nprint("got " + reply);'),
      repl('FINAL("answer for bob@example.com")'),
    ],
  });
  const sub = scriptedModel({ modelId: "sub-model", respond: () => "sub reply" });
  const rlm = createRLM({
    model: root,
    subModel: sub,
    sandbox: vmSandbox(),
    sinks: [telemetry.sink],
  });
  await rlm.complete({ context: "a context", query: "who wrote to carol@example.com?" });
  return telemetry.spans();
}

describe("content capture", () => {
  it("exports prompts, replies, code and output when asked, in the conventions' shape", async () => {
    const spans = await oneCellRun({ captureContent: true });
    const root = childrenOf(spans)[0]!;
    expect(JSON.parse(root.attributes["gen_ai.input.messages"] as string)).toEqual([
      { role: "user", parts: [{ type: "text", content: "who wrote to carol@example.com?" }] },
    ]);
    expect(JSON.parse(root.attributes["gen_ai.output.messages"] as string)).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "answer for bob@example.com" }] },
    ]);
    const subChat = spans.find((span) => span.name === "chat sub-model")!;
    expect(JSON.parse(subChat.attributes["gen_ai.input.messages"] as string)).toEqual([
      { role: "user", parts: [{ type: "text", content: "mail alice@example.com" }] },
    ]);
    expect(JSON.parse(subChat.attributes["gen_ai.output.messages"] as string)).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "sub reply" }], finish_reason: "stop" },
    ]);
    const rootChats = spans.filter((span) => span.name === "chat root-model");
    const secondTurn = JSON.parse(
      rootChats.find((span) => span.attributes["rlm.iteration"] === 2)!.attributes[
        "gen_ai.input.messages"
      ] as string,
    ) as { role: string }[];
    expect(secondTurn.map((message) => message.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
    ]);
    const cell = spans.find(
      (span) => span.name === "execute_tool repl" && span.attributes["rlm.iteration"] === 1,
    )!;
    expect(cell.attributes["gen_ai.tool.call.arguments"]).toContain('llm_query("mail');
    expect(cell.attributes["gen_ai.tool.call.result"]).toBe("got sub reply");
  });

  it("runs every captured text through the redaction hook and caps it", async () => {
    const spans = await oneCellRun({
      captureContent: true,
      maxContentChars: 40,
      redact: (text) => text.replace(/[\w.]+@[\w.]+/g, "<email>"),
    });
    const everything = spans
      .flatMap((span) => Object.values(span.attributes))
      .filter((value): value is string => typeof value === "string")
      .join("\n");
    expect(everything).not.toContain("@example.com");
    expect(everything).toContain("<email>");
    const firstTurn = spans.find(
      (span) => span.name === "chat root-model" && span.attributes["rlm.iteration"] === 1,
    )!;
    const messages = JSON.parse(firstTurn.attributes["gen_ai.input.messages"] as string) as {
      parts: { content: string }[];
    }[];
    const kept = messages.map((message) =>
      message.parts[0]!.content.replace(/…\[\d+ more characters\]$/, ""),
    );
    expect(kept.join("").length).toBe(40);
    expect(messages[0]!.parts[0]!.content).toMatch(/more characters\]$/);
  });
});

describe("a failed cell's error text", () => {
  async function throwingCellSpan(sinkOptions: Omit<OtelSinkOptions, "tracerProvider">) {
    const telemetry = inMemoryTelemetry(sinkOptions);
    const root = scriptedModel({
      modelId: "root-model",
      replies: [repl('throw new Error("row: " + context)'), "FINAL(done)"],
    });
    await createRLM({ model: root, sandbox: vmSandbox(), sinks: [telemetry.sink] }).complete({
      context: "SSN 123-45-6789 belongs to Jane Doe",
      query: "q",
    });
    return telemetry.spans().find((span) => span.name === "execute_tool repl")!;
  }

  it("is content: only its error type is exported unless content is captured", async () => {
    const cell = await throwingCellSpan({});
    expect(cell.status).toEqual({ code: SpanStatusCode.ERROR, message: "Error" });
    expect(cell.attributes["error.type"]).toBe("Error");
  });

  it("goes through the redaction hook when content is captured", async () => {
    const cell = await throwingCellSpan({
      captureContent: true,
      redact: (text) => text.replace(/\d{3}-\d{2}-\d{4}/g, "<ssn>"),
    });
    expect(cell.status.message).toContain("row: SSN <ssn> belongs to Jane Doe");
  });
});

describe("an application's own tracing", () => {
  const manager = new AsyncLocalStorageContextManager();
  afterEach(() => {
    context.disable();
  });

  it("nests the run under the span that is active when the run starts", async () => {
    context.setGlobalContextManager(manager.enable());
    const telemetry = inMemoryTelemetry();
    const tracer = telemetry.tracerProvider.getTracer("app");
    const model = scriptedModel({ modelId: "root-model", replies: ["FINAL(42)"] });
    const rlm = createRLM({ model, sandbox: vmSandbox(), sinks: [telemetry.sink] });
    await tracer.startActiveSpan("handle request", async (span) => {
      await rlm.complete({ context: "c", query: "q" });
      span.end();
    });
    const spans = telemetry.spans();
    const request = spans.find((span) => span.name === "handle request")!;
    const agent = spans.find((span) => span.name === "invoke_agent rlm")!;
    expect(parentOf(agent)).toBe(spanId(request));
    expect(agent.spanContext().traceId).toBe(request.spanContext().traceId);
  });

  it("takes a tracer the application passes in", async () => {
    const telemetry = inMemoryTelemetry();
    const tracer = telemetry.tracerProvider.getTracer("my-app", "9.9.9");
    const other = inMemoryTelemetry({ tracer });
    const model = scriptedModel({ modelId: "root-model", replies: ["FINAL(42)"] });
    await createRLM({ model, sandbox: vmSandbox(), sinks: [other.sink] }).complete({
      context: "c",
      query: "q",
    });
    expect(other.spans()).toHaveLength(0);
    const spans = telemetry.spans();
    expect(spans.map((span) => span.name).sort()).toEqual(["chat root-model", "invoke_agent rlm"]);
    expect(spans[0]!.instrumentationScope).toMatchObject({ name: "my-app", version: "9.9.9" });
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it("flushes the provider given with a tracer, and refuses flushOnRunEnd without it", async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new TracerProvider({
      // Batches for a minute: only a flush of this provider exports before the assertion.
      spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: 60_000 })],
    });
    const tracer = tracerProvider.getTracer("my-app");
    expect(() => otelSink({ tracer, flushOnRunEnd: true })).toThrow(/tracerProvider/);
    expect(() => otelSink({ meter: noopMeter(), flushOnRunEnd: true })).toThrow(/meterProvider/);

    const sink = otelSink({ tracer, tracerProvider, flushOnRunEnd: true });
    const model = scriptedModel({ modelId: "root-model", replies: ["FINAL(42)"] });
    await createRLM({ model, sandbox: vmSandbox(), sinks: [sink] }).complete({
      context: "c",
      query: "q",
    });
    expect(
      exporter
        .getFinishedSpans()
        .map((span) => span.name)
        .sort(),
    ).toEqual(["chat root-model", "invoke_agent rlm"]);
    await tracerProvider.shutdown();
  });
});
