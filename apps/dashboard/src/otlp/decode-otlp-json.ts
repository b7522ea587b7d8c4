import { jsonIdToHex, nonZeroId, optionalJsonIdToHex } from "./hex-id.ts";
import { nanosStringToMs } from "./nanos.ts";
import { checkAttributeDepth, OtlpDecodeError } from "./otlp-decode-error.ts";
import type { Attributes, AttributeValue, SpanEventRecord, SpanRecord } from "./span-record.ts";

const SPAN_KIND_NAMES: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODE_NAMES: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

/** Decodes an OTLP/JSON `ExportTraceServiceRequest`; throws `OtlpDecodeError` on bad input. */
export function decodeOtlpJson(text: string): SpanRecord[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new OtlpDecodeError(`Body is not valid JSON: ${(error as Error).message}`);
  }
  const request = asObject(body, "request");
  const spans: SpanRecord[] = [];
  for (const resourceSpans of asArray(request.resourceSpans, "resourceSpans")) {
    const resource = asObject(resourceSpans, "resourceSpans[]");
    const resourceAttributes =
      resource.resource === undefined
        ? {}
        : decodeAttributes(asObject(resource.resource, "resource").attributes);
    const serviceName = resourceAttributes["service.name"];
    for (const scopeSpans of asArray(resource.scopeSpans, "scopeSpans")) {
      const scope = asObject(scopeSpans, "scopeSpans[]");
      for (const span of asArray(scope.spans, "spans")) {
        spans.push(
          decodeSpan(
            asObject(span, "span"),
            typeof serviceName === "string" ? serviceName : undefined,
          ),
        );
      }
    }
  }
  return spans;
}

function decodeSpan(span: Record<string, unknown>, serviceName: string | undefined): SpanRecord {
  if (typeof span.name !== "string") throw new OtlpDecodeError("span.name must be a string.");
  const status = span.status === undefined ? {} : asObject(span.status, "span.status");
  const events: SpanEventRecord[] = [];
  for (const event of asArray(span.events, "span.events")) {
    const record = asObject(event, "span.events[]");
    events.push({
      name: typeof record.name === "string" ? record.name : "",
      timeMs: decodeNanos(record.timeUnixNano, "event.timeUnixNano"),
      attributes: decodeAttributes(record.attributes),
    });
  }
  return {
    traceId: nonZeroId(jsonIdToHex(span.traceId, 16, "span.traceId"), "span.traceId"),
    spanId: nonZeroId(jsonIdToHex(span.spanId, 8, "span.spanId"), "span.spanId"),
    parentSpanId: optionalJsonIdToHex(span.parentSpanId, "span.parentSpanId"),
    name: span.name,
    kind: decodeEnum(span.kind, SPAN_KIND_NAMES, "span.kind"),
    startMs: decodeNanos(span.startTimeUnixNano, "span.startTimeUnixNano"),
    endMs: decodeNanos(span.endTimeUnixNano, "span.endTimeUnixNano"),
    statusCode: decodeEnum(status.code, STATUS_CODE_NAMES, "span.status.code"),
    statusMessage:
      typeof status.message === "string" && status.message !== "" ? status.message : undefined,
    attributes: decodeAttributes(span.attributes),
    events,
    serviceName,
  };
}

/** An unsigned 64-bit count of nanoseconds, as a decimal string or (leniently) a number. */
function decodeNanos(value: unknown, field: string): number {
  if (value === undefined) return 0;
  const ms =
    typeof value === "number"
      ? Number.isInteger(value) && value >= 0 && value < 2 ** 64
        ? value / 1e6
        : Number.NaN
      : nanosStringToMs(typeof value === "string" ? value : "");
  if (!Number.isFinite(ms)) {
    throw new OtlpDecodeError(`${field} must be an unsigned 64-bit integer of nanoseconds.`);
  }
  return ms;
}

function decodeEnum(value: unknown, names: Record<string, number>, field: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && names[value] !== undefined) return names[value];
  throw new OtlpDecodeError(`${field} has an unknown value.`);
}

function decodeAttributes(value: unknown, depth = 0): Attributes {
  const attributes: Attributes = {};
  for (const entry of asArray(value, "attributes")) {
    const keyValue = asObject(entry, "attribute");
    if (typeof keyValue.key !== "string")
      throw new OtlpDecodeError("attribute.key must be a string.");
    attributes[keyValue.key] =
      keyValue.value === undefined ? null : decodeAnyValue(keyValue.value, depth + 1);
  }
  return attributes;
}

function decodeAnyValue(value: unknown, depth: number): AttributeValue {
  checkAttributeDepth(depth);
  const any = asObject(value, "attribute value");
  if (typeof any.stringValue === "string") return any.stringValue;
  if (typeof any.boolValue === "boolean") return any.boolValue;
  if (any.intValue !== undefined) {
    const number = Number(any.intValue);
    if (!Number.isFinite(number)) throw new OtlpDecodeError("intValue must be an integer.");
    return number;
  }
  if (any.doubleValue !== undefined) {
    // NaN and infinities arrive as strings in protobuf's JSON mapping.
    return Number(any.doubleValue);
  }
  if (any.arrayValue !== undefined) {
    const values = asObject(any.arrayValue, "arrayValue").values;
    return asArray(values, "arrayValue.values").map((item) => decodeAnyValue(item, depth + 1));
  }
  if (any.kvlistValue !== undefined) {
    return decodeAttributes(asObject(any.kvlistValue, "kvlistValue").values, depth);
  }
  if (typeof any.bytesValue === "string") return any.bytesValue;
  return null;
}

function asObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new OtlpDecodeError(`${field} must be an object.`);
  }
  return value as Record<string, unknown>;
}

/** A repeated field: absent means empty, as in protobuf. */
function asArray(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpDecodeError(`${field} must be an array.`);
  return value;
}
