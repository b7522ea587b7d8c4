import { type Metadata, Server, ServerCredentials, type ServiceDefinition } from "@grpc/grpc-js";
import { decodeTraceRequest } from "./otlp-protobuf.js";
import type { OtlpSpan } from "./otlp-receiver.js";

export interface ReceivedGrpcCall {
  /** `/opentelemetry.proto.collector.trace.v1.TraceService/Export` or the metrics one. */
  path: string;
  metadata: Record<string, unknown>;
  /** Traces decoded to their OTLP/JSON form; metrics kept as bytes. */
  body: unknown;
}

const bytes = (buffer: Buffer) => buffer;

/** One unary `Export` method whose messages travel as raw bytes. */
function exportService(path: string): ServiceDefinition {
  return {
    Export: {
      path,
      requestStream: false,
      responseStream: false,
      requestSerialize: bytes,
      requestDeserialize: bytes,
      responseSerialize: bytes,
      responseDeserialize: bytes,
    },
  };
}

const TRACES = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
const METRICS = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

/** An OTLP/gRPC receiver on 127.0.0.1 (plaintext) that keeps what arrived. */
export async function startOtlpGrpcReceiver() {
  const calls: ReceivedGrpcCall[] = [];
  const server = new Server();
  for (const path of [TRACES, METRICS]) {
    server.addService(exportService(path), {
      Export: (
        call: { request: Buffer; metadata: Metadata },
        // An empty Export*ServiceResponse is zero bytes.
        callback: (error: null, response: Buffer) => void,
      ) => {
        calls.push({
          path,
          metadata: call.metadata.getMap(),
          body: path === TRACES ? decodeTraceRequest(call.request) : call.request,
        });
        callback(null, Buffer.alloc(0));
      },
    });
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    paths: () => calls.map((call) => (call.path === TRACES ? "traces" : "metrics")),
    spans(): OtlpSpan[] {
      return calls
        .filter((call) => call.path === TRACES)
        .flatMap((call) =>
          (
            call.body as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }
          ).resourceSpans.flatMap((resource) =>
            resource.scopeSpans.flatMap((scope) => scope.spans),
          ),
        );
    },
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
