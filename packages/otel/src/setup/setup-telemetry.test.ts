import { type AddressInfo, createServer, type Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fanOutRLM } from "../test-support/fan-out-rlm.js";
import { type OtlpSpan, otlpAttribute, startOtlpReceiver } from "../test-support/otlp-receiver.js";
import { endpointForDisplay, setupTelemetry, type Telemetry } from "./setup-telemetry.js";

describe("setupTelemetry", () => {
  let telemetry: Telemetry | undefined;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>> | undefined;
  afterEach(async () => {
    await telemetry?.shutdown();
    await receiver?.close();
    telemetry = undefined;
    receiver = undefined;
  });

  it("exports the span tree over OTLP/HTTP JSON to the endpoint", async () => {
    receiver = await startOtlpReceiver();
    telemetry = setupTelemetry({
      endpoint: receiver.endpoint,
      serviceName: "otel-test",
      headers: { "x-api-key": "secret-for-test" },
      registerGlobal: false,
    });
    const rlm = fanOutRLM([telemetry.sink({ captureContent: true })]);
    const result = await rlm.complete({ context: "ctx", query: "the question" });
    await telemetry.forceFlush();

    const traceRequests = receiver.requests.filter((request) => request.path === "/v1/traces");
    expect(traceRequests.length).toBeGreaterThan(0);
    expect(traceRequests[0]!.headers["content-type"]).toContain("application/json");
    expect(traceRequests[0]!.headers["x-api-key"]).toBe("secret-for-test");
    const body = traceRequests[0]!.body as {
      resourceSpans: {
        resource: { attributes: { key: string; value: { stringValue: string } }[] };
      }[];
    };
    expect(body.resourceSpans[0]!.resource.attributes).toContainEqual({
      key: "service.name",
      value: { stringValue: "otel-test" },
    });

    const spans = receiver.spans();
    const byName = (name: string, depth: number) =>
      spans.filter((span) => span.name === name && otlpAttribute(span, "rlm.depth") === depth);
    const root = byName("invoke_agent rlm", 0)[0]!;
    const [rootCell] = byName("execute_tool repl", 0);
    const [child] = byName("invoke_agent rlm", 1);
    const [subChat] = spans.filter((span) => span.name === "chat sub-model");
    const [rootChat] = spans.filter((span) => span.name === "chat root-model");
    expect(spans).toHaveLength(6);
    expect(root.parentSpanId ?? "").toBe("");
    expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(root.spanId).toMatch(/^[0-9a-f]{16}$/);
    for (const span of spans) expect(span.traceId).toBe(root.traceId);
    expect(rootChat!.parentSpanId).toBe(root.spanId);
    expect(rootCell!.parentSpanId).toBe(root.spanId);
    expect(subChat!.parentSpanId).toBe(rootCell!.spanId);
    expect(child!.parentSpanId).toBe(rootCell!.spanId);
    expect(spans.find((span) => span.name === "chat child-model")!.parentSpanId).toBe(
      child!.spanId,
    );

    // CLIENT is 3 in OTLP's enum, INTERNAL 1.
    expect(subChat!.kind).toBe(3);
    expect(root.kind).toBe(1);
    expect(otlpAttribute(root, "gen_ai.conversation.id")).toBe(result.runId);
    expect(otlpAttribute(root, "gen_ai.operation.name")).toBe("invoke_agent");
    expect(otlpAttribute(root, "rlm.limit.max_depth")).toBe(1);
    expect(otlpAttribute(subChat!, "gen_ai.provider.name")).toBe("openai");
    expect(otlpAttribute(subChat!, "gen_ai.usage.input_tokens")).toBeGreaterThan(0);
    expect(otlpAttribute(subChat!, "gen_ai.response.finish_reasons")).toEqual(["stop"]);
    expect(JSON.parse(otlpAttribute(root, "gen_ai.input.messages") as string)).toEqual([
      { role: "user", parts: [{ type: "text", content: "the question" }] },
    ]);
    expect(otlpAttribute(rootCell!, "gen_ai.tool.call.arguments")).toContain("rlm_query");
    // 64-bit nanosecond times travel as decimal strings.
    expect(BigInt(root.endTimeUnixNano)).toBeGreaterThan(BigInt(root.startTimeUnixNano));
  });

  it("sends finished spans on its own every 500 ms, without a flush", async () => {
    receiver = await startOtlpReceiver();
    telemetry = setupTelemetry({
      endpoint: receiver.endpoint,
      metrics: false,
      registerGlobal: false,
    });
    await fanOutRLM([telemetry.sink()]).complete({ context: "ctx", query: "q" });
    // Nothing flushes: without the scheduled export the spans would never come.
    await vi.waitFor(() => expect(receiver?.spans()).toHaveLength(6), { timeout: 60_000 });
  });

  it("with flushOnRunEnd, a run's spans have arrived when complete() returns", async () => {
    receiver = await startOtlpReceiver();
    telemetry = setupTelemetry({
      endpoint: receiver.endpoint,
      spanExportIntervalMs: 60_000,
      metrics: false,
      registerGlobal: false,
    });
    await fanOutRLM([telemetry.sink({ flushOnRunEnd: true })]).complete({
      context: "c",
      query: "q",
    });
    expect(receiver.spans()).toHaveLength(6);
  });

  it("exports GenAI metrics to /v1/metrics", async () => {
    receiver = await startOtlpReceiver();
    telemetry = setupTelemetry({ endpoint: receiver.endpoint, registerGlobal: false });
    await fanOutRLM([telemetry.sink()]).complete({ context: "ctx", query: "q" });
    await telemetry.forceFlush();
    const metricBodies = receiver.requests
      .filter((request) => request.path === "/v1/metrics")
      .map((request) => JSON.stringify(request.body));
    const all = metricBodies.join("\n");
    expect(all).toContain("gen_ai.client.token.usage");
    expect(all).toContain("gen_ai.client.operation.duration");
  });

  it("registers global providers so a plain otelSink() reports to them", async () => {
    receiver = await startOtlpReceiver();
    telemetry = setupTelemetry({ endpoint: receiver.endpoint, metrics: false });
    const { otelSink } = await import("../otel-sink.js");
    await fanOutRLM([otelSink()]).complete({ context: "ctx", query: "q" });
    await telemetry.forceFlush();
    const names = receiver.spans().map((span: OtlpSpan) => span.name);
    expect(names).toContain("invoke_agent rlm");
    expect(names).toContain("chat sub-model");
  });

  describe("with a receiver that is down or hangs", () => {
    /** A port nothing listens on (closed right after it was bound), or one that never answers. */
    async function deadEndpoint(kind: "refused" | "hanging") {
      const server = createServer((socket) => {
        sockets.push(socket); // accepted, never answered
      });
      const sockets: Socket[] = [];
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      const close = async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => server.close(resolve));
      };
      if (kind === "refused") await close();
      return { endpoint: `http://127.0.0.1:${port}`, close };
    }

    for (const kind of ["refused", "hanging"] as const) {
      it(`reports a ${kind} export and resolves, never rejecting`, async () => {
        const dead = await deadEndpoint(kind);
        const errors: Error[] = [];
        telemetry = setupTelemetry({
          endpoint: dead.endpoint,
          registerGlobal: false,
          exportTimeoutMs: 300,
          onExportError: (error) => errors.push(error),
        });
        const sink = telemetry.sink({ flushOnRunEnd: true });
        const result = await fanOutRLM([sink]).complete({ context: "ctx", query: "q" });
        expect(result.answer).toBe("sub done,child done");
        expect(errors.length).toBeGreaterThan(0); // the flush at run end
        errors.length = 0;

        await fanOutRLM([telemetry.sink()]).complete({ context: "ctx", query: "q" });
        // How long this takes is not checked: a bound that tells 300 ms from the SDK's 10 s of
        // retries fails on a machine busy with other work.
        await expect(telemetry.forceFlush()).resolves.toBeUndefined();
        await expect(sink.forceFlush()).resolves.toBeUndefined();
        await expect(telemetry.shutdown()).resolves.toBeUndefined();
        expect(errors.length).toBeGreaterThan(0);
        expect(errors.every((error) => error instanceof Error)).toBe(true);
        telemetry = undefined;
        await dead.close();
      });
    }
  });

  it("prints an endpoint without the credentials in it", () => {
    expect(endpointForDisplay("http://user:secret@127.0.0.1:4318")).toBe("http://127.0.0.1:4318/");
    expect(endpointForDisplay("http://127.0.0.1:4318")).toBe("http://127.0.0.1:4318");
    expect(endpointForDisplay("not a url")).toBe("(an invalid URL)");
  });
});
