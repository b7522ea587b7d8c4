import Link from "next/link";
import { AggregateViews } from "../../components/aggregate-views.tsx";
import { LiveRefresh } from "../../components/live-refresh.tsx";
import { aggregates } from "../../run-view/aggregates.ts";
import { storeRevision } from "../../run-view/list-runs.ts";
import { sharedDatabase } from "../../store/shared-database.ts";

export const dynamic = "force-dynamic";

const WINDOWS: Record<string, number | undefined> = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  all: undefined,
};

export default async function AggregatesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const requested = (await searchParams).window;
  const window = typeof requested === "string" && requested in WINDOWS ? requested : "all";
  const span = WINDOWS[window];
  const database = sharedDatabase();
  const data = aggregates(database, {
    sinceMs: span === undefined ? undefined : Date.now() - span,
  });
  return (
    <>
      <LiveRefresh revision={storeRevision(database)} intervalMs={3000} />
      <h1>Aggregates</h1>
      <p className="filters">
        Runs started in:{" "}
        {Object.keys(WINDOWS).map((key) =>
          key === window ? (
            <strong key={key}>{key}</strong>
          ) : (
            <Link key={key} href={`/aggregates?window=${key}`}>
              {key}
            </Link>
          ),
        )}
        <span className="muted">
          {data.runs} run{data.runs === 1 ? "" : "s"}, model calls only
        </span>
      </p>
      <AggregateViews data={data} />
    </>
  );
}
