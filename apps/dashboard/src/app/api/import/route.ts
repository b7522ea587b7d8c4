import { isCrossSite } from "../../../ingest/cross-site.ts";
import { isIngestAuthorized } from "../../../ingest/ingest-token.ts";
import { MAX_BODY_BYTES, readCappedBody } from "../../../ingest/read-body.ts";
import { sharedDatabase } from "../../../store/shared-database.ts";
import { importTrajectory } from "../../../trajectory/import-trajectory.ts";
import { TrajectoryError } from "../../../trajectory/trajectory-event.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Imports a JSON Lines trajectory file (the request body, as text) written by `@rlm/core`.
 * A browser may post here only from the dashboard's own Import page, token or not.
 */
export async function POST(request: Request): Promise<Response> {
  if (isCrossSite(request.headers)) {
    await request.body?.cancel().catch(() => undefined);
    return Response.json(
      {
        error:
          "Cross-site request refused: import from the dashboard's own Import page, or from a client outside a browser.",
      },
      { status: 403 },
    );
  }
  if (!isIngestAuthorized(request.headers.get("authorization"))) {
    return Response.json({ error: "Missing or wrong bearer token." }, { status: 401 });
  }
  const { body, tooLarge } = await readCappedBody(request);
  if (tooLarge) {
    return Response.json(
      { error: `The file exceeds ${MAX_BODY_BYTES} bytes; import it with the CLI instead.` },
      { status: 413 },
    );
  }
  const text = new TextDecoder().decode(body);
  try {
    return Response.json(importTrajectory(sharedDatabase(), text));
  } catch (error) {
    if (error instanceof TrajectoryError) {
      return Response.json({ error: error.message }, { status: 400 });
    }
    throw error;
  }
}
