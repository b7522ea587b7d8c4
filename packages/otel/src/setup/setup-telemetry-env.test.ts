import { afterEach, describe, expect, it, vi } from "vitest";
import { fanOutRLM } from "../test-support/fan-out-rlm.js";
import { startOtlpGrpcReceiver } from "../test-support/otlp-grpc-receiver.js";
import { type OtlpSpan, startOtlpReceiver } from "../test-support/otlp-receiver.js";
import { setupTelemetry, type Telemetry } from "./setup-telemetry.js";
import { TelemetryConfigurationError } from "./telemetry-configuration-error.js";

/**
 * Each test sets the specification's variables, runs six spans' worth of RLM and reads what
 * arrived at a real receiver.
 */
describe("setupTelemetry and the OTEL_* environment variables", () => {
  let telemetry: Telemetry | undefined;
  const receivers: Awaited<ReturnType<typeof startOtlpReceiver>>[] = [];
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await telemetry?.shutdown();
    telemetry = undefined;
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
    await Promise.all(closers.splice(0).map((close) => close()));
    vi.unstubAllEnvs();
  });

  async function receiver() {
    const started = await startOtlpReceiver();
    receivers.push(started);
    return started;
  }

  /** Sets up telemetry from the environment alone (no endpoint option), runs and flushes. */
  async function runWith(options: Parameters<typeof setupTelemetry>[0] = {}) {
    telemetry = setupTelemetry({ registerGlobal: false, ...options });
    const result = await fanOutRLM([telemetry.sink()]).complete({ context: "c", query: "q" });
    await telemetry.forceFlush();
    return result;
  }

  const paths = (target: Awaited<ReturnType<typeof startOtlpReceiver>>) =>
    target.requests.map((request) => request.path);

  it("OTEL_EXPORTER_OTLP_ENDPOINT: traces and metrics go there, under its path", async () => {
    const target = await receiver();
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", `${target.endpoint}/otlp`);
    await runWith();
    expect(telemetry!.endpoint).toBe(`${target.endpoint}/otlp`);
    expect(paths(target)).toContain("/otlp/v1/traces");
    expect(paths(target)).toContain("/otlp/v1/metrics");
    expect(target.spans()).toHaveLength(6);
  });

  it("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as it is and wins for traces", async () => {
    const shared = await receiver();
    const traces = await receiver();
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", shared.endpoint);
    vi.stubEnv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", `${traces.endpoint}/gateway/v1/traces`);
    await runWith();
    expect(paths(traces)).toEqual(["/gateway/v1/traces"]);
    expect(traces.spans()).toHaveLength(6);
    expect(paths(shared)).toEqual(["/v1/metrics"]);
  });

  it("an endpoint option wins over the environment", async () => {
    const fromEnv = await receiver();
    const fromCode = await receiver();
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", fromEnv.endpoint);
    await runWith({ endpoint: fromCode.endpoint, metrics: false });
    expect(fromCode.spans()).toHaveLength(6);
    expect(fromEnv.requests).toEqual([]);
  });

  it("OTEL_EXPORTER_OTLP_HEADERS are sent, with the headers option added", async () => {
    const target = await receiver();
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", target.endpoint);
    vi.stubEnv("OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=from-env,x-tenant=acme%20corp");
    await runWith({ headers: { "x-api-key": "from-code" } });
    for (const request of target.requests) {
      expect(request.headers["x-api-key"]).toBe("from-code");
      expect(request.headers["x-tenant"]).toBe("acme corp");
    }
    expect(target.requests.length).toBeGreaterThan(0);
  });

  it("OTEL_EXPORTER_OTLP_COMPRESSION=gzip compresses every export", async () => {
    const target = await receiver();
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", target.endpoint);
    vi.stubEnv("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip");
    await runWith();
    expect(target.requests.map((request) => request.headers["content-encoding"])).toEqual(
      target.requests.map(() => "gzip"),
    );
    expect(target.spans()).toHaveLength(6);
  });

  it("OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf sends protobuf a receiver decodes", async () => {
    const target = await receiver();
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", target.endpoint);
    vi.stubEnv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    await runWith({ serviceName: "proto-test" });
    for (const request of target.requests) {
      expect(request.headers["content-type"]).toBe("application/x-protobuf");
    }
    expect(paths(target)).toContain("/v1/metrics");
    const spans = target.spans();
    expect(spans.map((span) => span.name).sort()).toEqual([
      "chat child-model",
      "chat root-model",
      "chat sub-model",
      "execute_tool repl",
      "invoke_agent rlm",
      "invoke_agent rlm",
    ]);
    const root = spans.find((span) => span.name === "invoke_agent rlm" && !span.parentSpanId)!;
    expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(target.resources()[0]!["service.name"]).toBe("proto-test");
  });

  it("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL wins over OTEL_EXPORTER_OTLP_PROTOCOL", async () => {
    const target = await receiver();
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", target.endpoint);
    vi.stubEnv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    vi.stubEnv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/json");
    await runWith();
    const typeOf = (path: string) =>
      target.requests.find((request) => request.path === path)?.headers["content-type"];
    expect(typeOf("/v1/traces")).toBe("application/json");
    expect(typeOf("/v1/metrics")).toBe("application/x-protobuf");
  });

  it("OTEL_EXPORTER_OTLP_PROTOCOL=grpc sends to a gRPC receiver with the SDK's gRPC exporters", async () => {
    const target = await startOtlpGrpcReceiver();
    closers.push(target.close);
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", target.endpoint);
    vi.stubEnv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
    vi.stubEnv("OTEL_EXPORTER_OTLP_HEADERS", "x-tenant=acme");
    await runWith({ serviceName: "grpc-test", headers: { "x-api-key": "from-code" } });
    expect(telemetry!.endpoint).toBe(target.endpoint);
    expect(target.paths()).toContain("traces");
    expect(target.paths()).toContain("metrics");
    expect(target.spans()).toHaveLength(6);
    expect(target.spans().map((span) => span.name)).toContain("invoke_agent rlm");
    const traces = target.calls.find((call) => call.path.includes("TraceService"))!;
    expect(traces.metadata).toMatchObject({ "x-tenant": "acme", "x-api-key": "from-code" });
    const resource = (
      traces.body as { resourceSpans: { resource: { attributes: OtlpSpan["attributes"] } }[] }
    ).resourceSpans[0]!.resource.attributes;
    expect(resource).toContainEqual({ key: "service.name", value: { stringValue: "grpc-test" } });
  });

  it("an endpoint option is used as it is over gRPC, without an HTTP path", async () => {
    const target = await startOtlpGrpcReceiver();
    closers.push(target.close);
    await runWith({ endpoint: target.endpoint, protocol: "grpc", metrics: false });
    expect(target.spans()).toHaveLength(6);
  });

  it("refuses an unknown protocol with a clear error, before anything runs", () => {
    vi.stubEnv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    vi.stubEnv("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "thrift");
    const error = (() => {
      try {
        setupTelemetry({ registerGlobal: false });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(TelemetryConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL="thrift" is not an OTLP protocol @rlm/otel can send: use http/protobuf, http/json or grpc.',
    );
  });

  it("refuses an endpoint that is not an http(s) URL instead of sending elsewhere", () => {
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318");
    expect(() => setupTelemetry({ registerGlobal: false })).toThrow(
      "OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL.",
    );
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318");
    vi.stubEnv("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "not a url");
    expect(() => setupTelemetry({ registerGlobal: false })).toThrow(
      "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT must be an http:// or https:// URL.",
    );
    // An endpoint given in code replaces the variables, so only it is checked.
    expect(() =>
      setupTelemetry({ registerGlobal: false, endpoint: "http://127.0.0.1:4318" }).shutdown(),
    ).not.toThrow();
    expect(() => setupTelemetry({ registerGlobal: false, endpoint: "127.0.0.1:4318" })).toThrow(
      "the endpoint option must be an http:// or https:// URL.",
    );
  });

  it("OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the service over the code's defaults", async () => {
    const target = await receiver();
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", target.endpoint);
    vi.stubEnv(
      "OTEL_RESOURCE_ATTRIBUTES",
      "service.name=from-attributes,deployment.environment.name=staging,team=search",
    );
    await runWith({ serviceName: "from-code", resourceAttributes: { team: "code", keep: 1 } });
    expect(target.resources()[0]).toMatchObject({
      "service.name": "from-attributes",
      "deployment.environment.name": "staging",
      team: "search",
      keep: 1,
    });

    await telemetry!.shutdown();
    const second = await receiver();
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", second.endpoint);
    vi.stubEnv("OTEL_SERVICE_NAME", "checkout");
    await runWith({ serviceName: "from-code" });
    expect(second.resources()[0]!["service.name"]).toBe("checkout");
  });

  it("without any of them the service is the serviceName option, else rlm", async () => {
    const target = await receiver();
    await runWith({ endpoint: target.endpoint, metrics: false });
    expect(target.resources()[0]!["service.name"]).toBe("rlm");
  });

  it("OTEL_SDK_DISABLED=true sends nothing and the run still answers", async () => {
    const target = await receiver();
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", target.endpoint);
    vi.stubEnv("OTEL_SDK_DISABLED", "true");
    const result = await runWith();
    await telemetry!.shutdown();
    expect(result.answer).toBe("sub done,child done");
    expect(telemetry!.enabled).toBe(false);
    expect(telemetry!.meterProvider).toBeUndefined();
    expect(target.requests).toEqual([]);
  });

  it("OTEL_TRACES_EXPORTER=none sends no spans but still metrics; console prints them", async () => {
    const target = await receiver();
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", target.endpoint);
    vi.stubEnv("OTEL_TRACES_EXPORTER", "none");
    await runWith();
    expect(paths(target)).toEqual(["/v1/metrics"]);
    expect(telemetry!.enabled).toBe(true);

    await telemetry!.shutdown();
    const printed: unknown[] = [];
    const dir = vi.spyOn(console, "dir").mockImplementation((value) => printed.push(value));
    vi.stubEnv("OTEL_TRACES_EXPORTER", "console");
    vi.stubEnv("OTEL_METRICS_EXPORTER", "none");
    await runWith();
    dir.mockRestore();
    expect(printed.map((span) => (span as { name: string }).name)).toContain("invoke_agent rlm");
    expect(telemetry!.meterProvider).toBeUndefined();

    vi.stubEnv("OTEL_TRACES_EXPORTER", "otlp,zipkin");
    expect(() => setupTelemetry({ registerGlobal: false })).toThrow(
      'OTEL_TRACES_EXPORTER="zipkin" names no exporter @rlm/otel knows: use otlp, console or none.',
    );
  });

  it("OTEL_TRACES_SAMPLER(_ARG) pick the sampler; sampled-out runs send no spans", async () => {
    const cases: [Record<string, string>, number][] = [
      [{ OTEL_TRACES_SAMPLER: "always_off" }, 0],
      [{ OTEL_TRACES_SAMPLER: "parentbased_always_off" }, 0],
      [{ OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "0" }, 0],
      [{ OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "1" }, 6],
      [{ OTEL_TRACES_SAMPLER: "always_on" }, 6],
    ];
    for (const [variables, spans] of cases) {
      const target = await receiver();
      vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", target.endpoint);
      for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
      await runWith();
      await telemetry!.shutdown();
      expect({ variables, spans: target.spans().length }).toEqual({ variables, spans });
      // Metrics still count every call of a sampled-out run.
      expect(paths(target)).toContain("/v1/metrics");
      vi.unstubAllEnvs();
    }

    vi.stubEnv("OTEL_TRACES_SAMPLER", "jaeger_remote");
    expect(() => setupTelemetry({ registerGlobal: false })).toThrow(
      /OTEL_TRACES_SAMPLER="jaeger_remote" is not a sampler/,
    );
    vi.stubEnv("OTEL_TRACES_SAMPLER", "traceidratio");
    vi.stubEnv("OTEL_TRACES_SAMPLER_ARG", "2");
    expect(() => setupTelemetry({ registerGlobal: false })).toThrow(
      'OTEL_TRACES_SAMPLER_ARG="2" is not a ratio between 0 and 1.',
    );
  });
});
