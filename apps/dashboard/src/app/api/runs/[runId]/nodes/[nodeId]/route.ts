import { loadNodeDetails } from "../../../../../../run-view/node-details.ts";
import { sharedDatabase } from "../../../../../../store/shared-database.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One RLM node's iterations: turns, cells with code and output, and their sub-calls. */
export async function GET(
  _request: Request,
  context: { params: Promise<{ runId: string; nodeId: string }> },
): Promise<Response> {
  const { runId, nodeId } = await context.params;
  const details = loadNodeDetails(sharedDatabase(), runId, nodeId);
  if (!details) return Response.json({ error: "No such node." }, { status: 404 });
  return Response.json(details, { headers: { "cache-control": "no-store" } });
}
