import { LiveRefresh } from "../components/live-refresh.tsx";
import { RunsTable, SortFields } from "../components/runs-table.tsx";
import { listRuns, storeRevision } from "../run-view/list-runs.ts";
import { sharedDatabase } from "../store/shared-database.ts";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function RunsPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = await searchParams;
  const query: Record<string, string> = {};
  for (const key of ["q", "status", "model", "sort", "order"]) {
    const value = raw[key];
    if (typeof value === "string" && value !== "") query[key] = value;
  }
  const database = sharedDatabase();
  const list = listRuns(database, {
    search: query.q,
    status: query.status,
    model: query.model,
    sort: query.sort,
    order: query.order,
  });
  return (
    <>
      <LiveRefresh revision={storeRevision(database)} intervalMs={2000} />
      <h1>Runs</h1>
      <form className="filters" method="get" action="/">
        <input name="q" placeholder="Search name, query or run id" defaultValue={query.q ?? ""} />
        <select name="status" defaultValue={query.status ?? ""}>
          <option value="">any status</option>
          <option value="running">running</option>
          <option value="ok">ok</option>
          <option value="error">error</option>
          <option value="limit">limit hit</option>
        </select>
        <select name="model" defaultValue={query.model ?? ""}>
          <option value="">any root model</option>
          {list.models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
        <SortFields sort={list.sort} order={list.order} />
        <button type="submit">Filter</button>
        <span className="muted">
          {list.runs.length < list.total
            ? `${list.runs.length} of ${list.total} runs`
            : `${list.total} run${list.total === 1 ? "" : "s"}`}
        </span>
      </form>
      <RunsTable list={list} query={query} />
    </>
  );
}
