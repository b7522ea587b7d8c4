import { isIngestAuthorized } from "../../../ingest/ingest-token.ts";
import { ingestTraces } from "../../../ingest/ingest-traces.ts";
import { readCappedBody } from "../../../ingest/read-body.ts";
import { sharedDatabase } from "../../../store/shared-database.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** OTLP/HTTP trace export, the path every OTLP exporter appends to its endpoint. */
export async function POST(request: Request): Promise<Response> {
  if (!isIngestAuthorized(request.headers.get("authorization"))) {
    return Response.json({ code: 16, message: "Missing or wrong bearer token." }, { status: 401 });
  }
  const { body, tooLarge } = await readCappedBody(request);
  const result = ingestTraces(sharedDatabase(), {
    body,
    tooLarge,
    contentType: request.headers.get("content-type"),
    contentEncoding: request.headers.get("content-encoding"),
  });
  return new Response(result.body as BodyInit, {
    status: result.status,
    headers: { "content-type": result.contentType },
  });
}
