import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { decodeTraceRequest } from "./otlp-protobuf.js";

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** An OTLP/HTTP JSON span as the wire carries it: hex ids, 64-bit times as strings. */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: OtlpValue }[];
  status?: { code?: number; message?: string };
  events?: { name: string }[];
}

type OtlpValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values: OtlpValue[] };
};

/**
 * A receiver on 127.0.0.1 that accepts OTLP/HTTP, JSON or protobuf (traces decoded to their JSON
 * form, other protobuf bodies kept as bytes), gzip-compressed or not, and keeps what arrived.
 */
export async function startOtlpReceiver() {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks);
      const bytes = request.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
      const type = request.headers["content-type"] ?? "";
      let body: unknown = bytes.toString("utf8");
      if (type.includes("json")) body = JSON.parse(bytes.toString("utf8"));
      else if (type.includes("protobuf")) {
        body = request.url?.endsWith("/v1/traces") ? decodeTraceRequest(bytes) : bytes;
      }
      requests.push({ path: request.url ?? "", headers: request.headers, body });
      response.writeHead(200, { "content-type": "application/json" });
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    /** Every span that arrived at /v1/traces. */
    spans(): OtlpSpan[] {
      return requests
        .filter((request) => request.path.endsWith("/v1/traces"))
        .flatMap((request) => {
          const body = request.body as {
            resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
          };
          return body.resourceSpans.flatMap((resource) =>
            resource.scopeSpans.flatMap((scope) => scope.spans),
          );
        });
    },
    /** The resource attributes of every trace export, decoded. */
    resources(): Record<string, unknown>[] {
      return requests
        .filter((request) => request.path.endsWith("/v1/traces"))
        .flatMap((request) => {
          const body = request.body as { resourceSpans: { resource: { attributes: [] } }[] };
          return body.resourceSpans.map((resource) =>
            Object.fromEntries(
              (resource.resource.attributes as OtlpSpan["attributes"]).map(({ key, value }) => [
                key,
                decodeValue(value),
              ]),
            ),
          );
        });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An attribute's value decoded from its OTLP/JSON form. */
export function otlpAttribute(span: OtlpSpan, key: string): unknown {
  const found = span.attributes.find((attribute) => attribute.key === key);
  return found ? decodeValue(found.value) : undefined;
}

function decodeValue(value: OtlpValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue) return value.arrayValue.values.map(decodeValue);
  return undefined;
}
