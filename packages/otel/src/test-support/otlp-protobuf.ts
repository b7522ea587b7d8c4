import protobuf from "protobufjs";

/*
 * The part of opentelemetry-proto's ExportTraceServiceRequest that tests read (field numbers of
 * collector/trace/v1, trace/v1, common/v1 and resource/v1); protobufjs skips the rest. Decoded
 * with OTLP/JSON's field names, so one receiver serves both encodings.
 */
const root = protobuf.parse(`
syntax = "proto3";
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message Resource { repeated KeyValue attributes = 1; }
message ScopeSpans { repeated Span spans = 2; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5;
  int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; repeated Event events = 11; Status status = 15;
}
message Event { string name = 2; }
message Status { string message = 2; int32 code = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
`).root;
const request = root.lookupType("ExportTraceServiceRequest");

interface DecodedRequest {
  resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[];
}

/** A protobuf trace export as its OTLP/JSON form: hex ids, 64-bit numbers as strings. */
export function decodeTraceRequest(body: Uint8Array): unknown {
  const decoded = request.toObject(request.decode(body), {
    longs: String,
    bytes: String, // base64, turned into OTLP/JSON's hex below
    arrays: true,
  }) as DecodedRequest;
  for (const resource of decoded.resourceSpans) {
    for (const scope of resource.scopeSpans) {
      for (const span of scope.spans) {
        for (const id of ["traceId", "spanId", "parentSpanId"]) {
          if (typeof span[id] === "string") {
            span[id] = Buffer.from(span[id], "base64").toString("hex");
          }
        }
      }
    }
  }
  return decoded;
}
