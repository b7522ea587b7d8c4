import type { DatabaseSync } from "node:sqlite";
import { decodeOtlpJson } from "../otlp/decode-otlp-json.ts";
import { decodeOtlpProtobuf } from "../otlp/decode-otlp-protobuf.ts";
import { OtlpDecodeError } from "../otlp/otlp-decode-error.ts";
import type { SpanRecord } from "../otlp/span-record.ts";
import { insertSpans } from "../store/insert-spans.ts";
import { BodyError, decodeBody, MAX_BODY_BYTES } from "./read-body.ts";

export interface IngestRequest {
  body: Uint8Array;
  /** The body passed `MAX_BODY_BYTES` and was not read whole (`readCappedBody`). */
  tooLarge?: boolean;
  contentType: string | null;
  contentEncoding: string | null;
}

export interface IngestResponse {
  status: number;
  contentType: string;
  body: string | Uint8Array;
  /** Spans stored; 0 for a rejected request. */
  spanCount: number;
}

type Format = "json" | "protobuf";

/**
 * Handles an OTLP/HTTP `ExportTraceServiceRequest`: JSON or protobuf, optionally gzip. A body
 * that fails to decode is refused whole (400), so nothing of it is stored. The answer is an
 * empty `ExportTraceServiceResponse` in the request's own encoding, as exporters expect.
 */
export function ingestTraces(database: DatabaseSync, request: IngestRequest): IngestResponse {
  const format = formatOf(request.contentType);
  if (!format) {
    return failure(
      "json",
      415,
      `Unsupported Content-Type "${request.contentType ?? ""}"; send application/json or application/x-protobuf.`,
    );
  }
  let spans: SpanRecord[];
  try {
    if (request.tooLarge || request.body.byteLength > MAX_BODY_BYTES) {
      throw new BodyError(413, `Body exceeds ${MAX_BODY_BYTES} bytes.`);
    }
    const body = decodeBody(request.body, request.contentEncoding);
    spans =
      format === "json"
        ? decodeOtlpJson(new TextDecoder("utf-8", { fatal: false }).decode(body))
        : decodeOtlpProtobuf(body);
  } catch (error) {
    if (error instanceof BodyError) return failure(format, error.status, error.message);
    if (OtlpDecodeError.isInstance(error)) return failure(format, 400, error.message);
    throw error;
  }
  insertSpans(database, spans, "otlp");
  return format === "json"
    ? { status: 200, contentType: "application/json", body: "{}", spanCount: spans.length }
    : // An empty protobuf message is zero bytes.
      {
        status: 200,
        contentType: "application/x-protobuf",
        body: new Uint8Array(0),
        spanCount: spans.length,
      };
}

function formatOf(contentType: string | null): Format | undefined {
  const mediaType = (contentType ?? "").split(";", 1)[0]!.trim().toLowerCase();
  if (mediaType === "application/json") return "json";
  if (mediaType === "application/x-protobuf" || mediaType === "application/protobuf") {
    return "protobuf";
  }
  return undefined;
}

/**
 * A refusal. OTLP/HTTP puts a `google.rpc.Status` in the body; for JSON that is
 * `{ "code", "message" }`, and for protobuf a plain-text message is as useful to a human
 * and ignored by exporters, which only read the status code.
 */
function failure(format: Format, status: number, message: string): IngestResponse {
  if (format === "json") {
    return {
      status,
      contentType: "application/json",
      body: JSON.stringify({ code: grpcCode(status), message }),
      spanCount: 0,
    };
  }
  return { status, contentType: "text/plain; charset=utf-8", body: message, spanCount: 0 };
}

function grpcCode(status: number): number {
  // INVALID_ARGUMENT for malformed input, RESOURCE_EXHAUSTED for too large, UNIMPLEMENTED else.
  if (status === 400) return 3;
  if (status === 413) return 8;
  return 12;
}
