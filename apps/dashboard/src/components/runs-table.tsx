import Link from "next/link";
import type { RunList } from "../run-view/list-runs.ts";
import { type RunSummary, runTitle } from "../run-view/run-summary.ts";
import { formatDuration, formatTime, formatTokens, formatUsd } from "./format.ts";
import { StatusBadge } from "./status-badge.tsx";

const COLUMNS: { sort: string; label: string; numeric?: boolean }[] = [
  { sort: "time", label: "Started" },
  { sort: "", label: "Run" },
  { sort: "model", label: "Root model" },
  { sort: "status", label: "Status" },
  { sort: "cost", label: "Cost", numeric: true },
  { sort: "input", label: "Tokens in", numeric: true },
  { sort: "output", label: "Tokens out", numeric: true },
  { sort: "cached", label: "Cached", numeric: true },
  { sort: "depth", label: "Depth / limit", numeric: true },
  { sort: "subcalls", label: "Sub-calls", numeric: true },
  { sort: "wall", label: "Wall time", numeric: true },
];

/**
 * The runs list; column headers are links that sort, keeping the current filters. Each cell
 * carries its column's name (`data-label`) so that a narrow screen can show a row as a card.
 */
export function RunsTable({ list, query }: { list: RunList; query: Record<string, string> }) {
  const sortHref = (sort: string) => {
    const order = list.sort === sort && list.order === "desc" ? "asc" : "desc";
    return `/?${new URLSearchParams({ ...query, sort, order }).toString()}`;
  };
  return (
    <table data-testid="runs-table" className="runs-table">
      <thead>
        <tr>
          {COLUMNS.map((column) => (
            <th key={column.label} className={column.numeric ? "num" : undefined}>
              {column.sort ? (
                <Link href={sortHref(column.sort)}>
                  {column.label}
                  {list.sort === column.sort ? (list.order === "desc" ? " ▼" : " ▲") : ""}
                </Link>
              ) : (
                column.label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {list.runs.map((run) => (
          <RunRow key={run.runId} run={run} />
        ))}
        {list.runs.length === 0 ? (
          <tr>
            <td colSpan={COLUMNS.length} className="muted">
              No runs yet. Point an OTLP/HTTP exporter at this server, or import a trajectory file.
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

/**
 * The sort as form fields: on a phone, where the table's header is hidden, they are how a user
 * sorts; elsewhere they are hidden and only keep the header's sort when the filters change.
 */
export function SortFields({ sort, order }: { sort: string; order: "asc" | "desc" }) {
  return (
    <span className="sort-fields">
      <select name="sort" defaultValue={sort} aria-label="Sort by">
        {COLUMNS.filter((column) => column.sort).map((column) => (
          <option key={column.sort} value={column.sort}>
            by {column.label.toLowerCase()}
          </option>
        ))}
      </select>
      <select name="order" defaultValue={order} aria-label="Order">
        <option value="desc">descending</option>
        <option value="asc">ascending</option>
      </select>
    </span>
  );
}

function RunRow({ run }: { run: RunSummary }) {
  const overDepth = run.maxDepthLimit !== null && run.depthReached >= run.maxDepthLimit;
  const title = runTitle(run);
  const [started, , model, status, cost, input, output, cached, depth, subcalls, wall] =
    COLUMNS.map((column) => column.label);
  return (
    <tr className={`row-${run.status}`} data-run-id={run.runId}>
      <td data-label={started} className="started">
        <Link href={`/runs/${encodeURIComponent(run.runId)}`}>{formatTime(run.startedMs)}</Link>
      </td>
      <td className="title" title={run.name && run.query ? run.query : undefined}>
        <Link href={`/runs/${encodeURIComponent(run.runId)}`}>
          {title === run.runId ? <span className="muted">{title}</span> : title}
        </Link>
      </td>
      <td data-label={model}>{run.rootModel ?? "—"}</td>
      <td data-label={status} className="status">
        <StatusBadge
          status={run.status}
          title={run.limitExceeded ?? run.errorMessage ?? run.errorType ?? undefined}
        />
        {run.failedSpans > 0 && run.status === "ok" ? (
          <span className="muted" title="Failed attempts or cells inside the run">
            {" "}
            ({run.failedSpans} failed)
          </span>
        ) : null}
      </td>
      <td data-label={cost} className="num cost">
        {formatUsd(run.costUsd)}
      </td>
      <td data-label={input} className="num">
        {formatTokens(run.inputTokens)}
      </td>
      <td data-label={output} className="num">
        {formatTokens(run.outputTokens)}
      </td>
      <td data-label={cached} className="num">
        {formatTokens(run.cacheReadTokens)}
      </td>
      <td data-label={depth} className={`num depth${overDepth ? " over" : ""}`}>
        {run.depthReached} / {run.maxDepthLimit ?? "—"}
      </td>
      <td data-label={subcalls} className="num">
        {run.subcalls.toLocaleString("en-US")}
      </td>
      <td data-label={wall} className="num">
        {formatDuration(run.wallMs)}
      </td>
    </tr>
  );
}
