export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * OTLP/HTTP metric export. Accepted and dropped: every figure the dashboard shows is derived
 * from spans, and exporters pointed at this endpoint should not log failures for metrics.
 */
export async function POST(request: Request): Promise<Response> {
  await request.arrayBuffer();
  const protobuf = (request.headers.get("content-type") ?? "").includes("protobuf");
  return protobuf
    ? new Response(new Uint8Array(0), { headers: { "content-type": "application/x-protobuf" } })
    : Response.json({});
}
