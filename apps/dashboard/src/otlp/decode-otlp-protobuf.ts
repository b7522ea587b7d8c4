import { bytesToHex, nonZeroId } from "./hex-id.ts";
import { nanosHalvesToMs } from "./nanos.ts";
import { checkAttributeDepth, OtlpDecodeError } from "./otlp-decode-error.ts";
import { ProtobufReader, WireType } from "./protobuf-reader.ts";
import type { Attributes, AttributeValue, SpanEventRecord, SpanRecord } from "./span-record.ts";

/*
 * A decoder for `opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest`, written
 * against the field numbers of opentelemetry-proto (trace/v1/trace.proto,
 * common/v1/common.proto, resource/v1/resource.proto). It reads only what the dashboard keeps
 * and skips the rest, so fields added by later protocol versions pass through harmlessly.
 * Hand-written rather than generated: the subset is small, and it decodes straight into the
 * store's records without an intermediate object tree.
 */

/** Decodes a protobuf `ExportTraceServiceRequest`; throws `OtlpDecodeError` on bad input. */
export function decodeOtlpProtobuf(body: Uint8Array): SpanRecord[] {
  const spans: SpanRecord[] = [];
  const reader = new ProtobufReader(body);
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    if (field === 1) {
      // repeated ResourceSpans resource_spans = 1
      reader.expect(wireType, WireType.lengthDelimited, "resource_spans");
      decodeResourceSpans(reader.sub(), spans);
    } else reader.skip(wireType);
  }
  return spans;
}

function decodeResourceSpans(reader: ProtobufReader, spans: SpanRecord[]): void {
  let serviceName: string | undefined;
  const scopeReaders: ProtobufReader[] = [];
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    if (field === 1) {
      // Resource resource = 1 { repeated KeyValue attributes = 1 }
      reader.expect(wireType, WireType.lengthDelimited, "resource");
      const resource = reader.sub();
      const attributes: Attributes = {};
      while (!resource.done) {
        const tag = resource.tag();
        if (tag.field === 1) decodeKeyValue(resource.sub(), attributes);
        else resource.skip(tag.wireType);
      }
      const name = attributes["service.name"];
      if (typeof name === "string") serviceName = name;
    } else if (field === 2) {
      // repeated ScopeSpans scope_spans = 2; the resource may follow them on the wire.
      reader.expect(wireType, WireType.lengthDelimited, "scope_spans");
      scopeReaders.push(reader.sub());
    } else reader.skip(wireType);
  }
  for (const scope of scopeReaders) {
    while (!scope.done) {
      const { field, wireType } = scope.tag();
      if (field === 2) {
        // repeated Span spans = 2
        scope.expect(wireType, WireType.lengthDelimited, "spans");
        spans.push(decodeSpan(scope.sub(), serviceName));
      } else scope.skip(wireType);
    }
  }
}

function decodeSpan(reader: ProtobufReader, serviceName: string | undefined): SpanRecord {
  const span: SpanRecord = {
    traceId: "",
    spanId: "",
    parentSpanId: undefined,
    name: "",
    kind: 0,
    startMs: 0,
    endMs: 0,
    statusCode: 0,
    statusMessage: undefined,
    attributes: {},
    events: [],
    serviceName,
  };
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    switch (field) {
      case 1:
        span.traceId = id(reader, wireType, 16, "trace_id");
        break;
      case 2:
        span.spanId = id(reader, wireType, 8, "span_id");
        break;
      case 4: {
        reader.expect(wireType, WireType.lengthDelimited, "parent_span_id");
        const bytes = reader.bytesField();
        if (bytes.length === 0) break;
        if (bytes.length !== 8) throw new OtlpDecodeError("parent_span_id must be 8 bytes.");
        const hex = bytesToHex(bytes);
        span.parentSpanId = hex === "0000000000000000" ? undefined : hex;
        break;
      }
      case 5:
        reader.expect(wireType, WireType.lengthDelimited, "name");
        span.name = reader.string();
        break;
      case 6:
        reader.expect(wireType, WireType.varint, "kind");
        span.kind = reader.varint();
        break;
      case 7:
        reader.expect(wireType, WireType.fixed64, "start_time_unix_nano");
        span.startMs = nanosHalvesToMs(...reader.fixed64Halves());
        break;
      case 8:
        reader.expect(wireType, WireType.fixed64, "end_time_unix_nano");
        span.endMs = nanosHalvesToMs(...reader.fixed64Halves());
        break;
      case 9:
        reader.expect(wireType, WireType.lengthDelimited, "attributes");
        decodeKeyValue(reader.sub(), span.attributes);
        break;
      case 11:
        reader.expect(wireType, WireType.lengthDelimited, "events");
        span.events.push(decodeEvent(reader.sub()));
        break;
      case 15:
        reader.expect(wireType, WireType.lengthDelimited, "status");
        decodeStatus(reader.sub(), span);
        break;
      default:
        reader.skip(wireType);
    }
  }
  if (span.traceId === "" || span.spanId === "") {
    throw new OtlpDecodeError("A span has no trace_id or span_id.");
  }
  return span;
}

function id(reader: ProtobufReader, wireType: number, length: number, field: string): string {
  reader.expect(wireType, WireType.lengthDelimited, field);
  const bytes = reader.bytesField();
  if (bytes.length !== length) throw new OtlpDecodeError(`${field} must be ${length} bytes.`);
  return nonZeroId(bytesToHex(bytes), field);
}

function decodeStatus(reader: ProtobufReader, span: SpanRecord): void {
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    if (field === 2 && wireType === WireType.lengthDelimited) {
      const message = reader.string();
      span.statusMessage = message === "" ? undefined : message;
    } else if (field === 3 && wireType === WireType.varint) span.statusCode = reader.varint();
    else reader.skip(wireType);
  }
}

function decodeEvent(reader: ProtobufReader): SpanEventRecord {
  const event: SpanEventRecord = { name: "", timeMs: 0, attributes: {} };
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    if (field === 1 && wireType === WireType.fixed64) {
      event.timeMs = nanosHalvesToMs(...reader.fixed64Halves());
    } else if (field === 2 && wireType === WireType.lengthDelimited) event.name = reader.string();
    else if (field === 3 && wireType === WireType.lengthDelimited) {
      decodeKeyValue(reader.sub(), event.attributes);
    } else reader.skip(wireType);
  }
  return event;
}

/** KeyValue { string key = 1; AnyValue value = 2; } into `target`. */
function decodeKeyValue(reader: ProtobufReader, target: Attributes, depth = 0): void {
  let key: string | undefined;
  let value: AttributeValue = null;
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    if (field === 1 && wireType === WireType.lengthDelimited) key = reader.string();
    else if (field === 2 && wireType === WireType.lengthDelimited)
      value = decodeAnyValue(reader.sub(), depth + 1);
    else reader.skip(wireType);
  }
  if (key === undefined) throw new OtlpDecodeError("An attribute has no key.");
  target[key] = value;
}

/**
 * AnyValue { oneof: string_value = 1; bool_value = 2; int_value = 3; double_value = 4;
 * ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7 }.
 */
function decodeAnyValue(reader: ProtobufReader, depth: number): AttributeValue {
  checkAttributeDepth(depth);
  let value: AttributeValue = null;
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    if (field === 1 && wireType === WireType.lengthDelimited) value = reader.string();
    else if (field === 2 && wireType === WireType.varint) value = reader.varint() !== 0;
    else if (field === 3 && wireType === WireType.varint) value = reader.int64();
    else if (field === 4 && wireType === WireType.fixed64) value = reader.double();
    else if (field === 5 && wireType === WireType.lengthDelimited) {
      // ArrayValue { repeated AnyValue values = 1 }
      const array = reader.sub();
      const values: AttributeValue[] = [];
      while (!array.done) {
        const tag = array.tag();
        if (tag.field === 1 && tag.wireType === WireType.lengthDelimited) {
          values.push(decodeAnyValue(array.sub(), depth + 1));
        } else array.skip(tag.wireType);
      }
      value = values;
    } else if (field === 6 && wireType === WireType.lengthDelimited) {
      // KeyValueList { repeated KeyValue values = 1 }
      const list = reader.sub();
      const values: Attributes = {};
      while (!list.done) {
        const tag = list.tag();
        if (tag.field === 1 && tag.wireType === WireType.lengthDelimited) {
          decodeKeyValue(list.sub(), values, depth);
        } else list.skip(tag.wireType);
      }
      value = values;
    } else if (field === 7 && wireType === WireType.lengthDelimited) {
      value = Buffer.from(reader.bytesField()).toString("base64");
    } else reader.skip(wireType);
  }
  return value;
}
