import { gzipSync } from "node:zlib";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";

/**
 * Export request bodies made by OpenTelemetry's own serializers (the ones its OTLP/HTTP
 * exporters send), so the decoders are tested against the real encodings, not our idea of them.
 */
export function jsonBody(spans: ReadableSpan[]): Uint8Array<ArrayBuffer> {
  const body = JsonTraceSerializer.serializeRequest(spans);
  if (!body) throw new Error("JSON serializer returned nothing");
  return new Uint8Array(body);
}

export function protobufBody(spans: ReadableSpan[]): Uint8Array<ArrayBuffer> {
  const body = ProtobufTraceSerializer.serializeRequest(spans);
  if (!body) throw new Error("protobuf serializer returned nothing");
  return new Uint8Array(body);
}

export function gzip(body: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(gzipSync(body));
}
