import { storeRevision } from "../../../run-view/list-runs.ts";
import { sharedDatabase } from "../../../store/shared-database.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The store's revision, which moves whenever spans arrive: polled by live views. */
export function GET(): Response {
  return Response.json(
    { revision: storeRevision(sharedDatabase()) },
    { headers: { "cache-control": "no-store" } },
  );
}
