import Link from "next/link";
import { notFound } from "next/navigation";
import { AggregateViews } from "../../../components/aggregate-views.tsx";
import { formatDuration, formatTime, formatTokens, formatUsd } from "../../../components/format.ts";
import { LiveRefresh } from "../../../components/live-refresh.tsx";
import { RunTree } from "../../../components/run-tree.tsx";
import { StatusBadge } from "../../../components/status-badge.tsx";
import { TimelineChart } from "../../../components/timeline-chart.tsx";
import { aggregates } from "../../../run-view/aggregates.ts";
import { buildTree } from "../../../run-view/build-tree.ts";
import { criticalPath } from "../../../run-view/critical-path.ts";
import { getRun, storeRevision } from "../../../run-view/list-runs.ts";
import { runAnswer } from "../../../run-view/run-answer.ts";
import { loadRunSpans } from "../../../run-view/run-spans.ts";
import { runTitle } from "../../../run-view/run-summary.ts";
import { layoutTimeline } from "../../../run-view/timeline-layout.ts";
import { sharedDatabase } from "../../../store/shared-database.ts";

export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const runId = decodeURIComponent((await params).runId);
  const database = sharedDatabase();
  const run = getRun(database, runId);
  if (!run) notFound();
  const spans = loadRunSpans(database, runId);
  const tree = buildTree(spans);
  const critical = criticalPath(spans);
  const layout = layoutTimeline(spans, tree, critical);
  const limitEntries = Object.entries(run.limits);
  const answer = runAnswer(database, runId);
  const cards: [string, string, boolean?][] = [
    ["Cost", formatUsd(run.costUsd)],
    ["Tokens in", formatTokens(run.inputTokens)],
    ["Tokens out", formatTokens(run.outputTokens)],
    ["Cached", formatTokens(run.cacheReadTokens)],
    ["Reasoning", formatTokens(run.reasoningTokens)],
    [
      "Depth / limit",
      `${run.depthReached} / ${run.maxDepthLimit ?? "—"}`,
      run.maxDepthLimit !== null && run.depthReached >= run.maxDepthLimit,
    ],
    ["Sub-calls", run.subcalls.toLocaleString("en-US")],
    ["Model calls", run.modelCalls.toLocaleString("en-US")],
    ["Cache hits", run.cacheHits.toLocaleString("en-US")],
    ["RLM nodes", String(run.nodeCount)],
    ["Wall time", formatDuration(run.wallMs)],
    ["Spans", run.spanCount.toLocaleString("en-US")],
  ];
  return (
    <>
      <LiveRefresh
        revision={storeRevision(database)}
        intervalMs={run.status === "running" ? 1000 : 3000}
      />
      <p className="muted breadcrumb">
        <Link href="/">Runs</Link> / {run.runId}
      </p>
      <h1 data-testid="run-title">{runTitle(run)}</h1>
      {run.name && run.query ? <p data-testid="run-query">Query: {run.query}</p> : null}
      <p>
        <StatusBadge status={run.status} /> started {formatTime(run.startedMs)} · root model{" "}
        {run.rootModel ?? "—"} {run.rootProvider ? `(${run.rootProvider})` : ""} · {run.source}
        {run.serviceName ? ` · ${run.serviceName}` : ""}
      </p>
      {run.status === "running" ? (
        <p className="muted">
          The root span has not arrived: the run is still going (or its process stopped before
          exporting it). Figures so far come from the spans received; the page updates by itself.
        </p>
      ) : null}
      {run.status === "limit" ? (
        <div className="limit-box" data-testid="limit-hit">
          Limit hit: {run.limitExceeded ?? run.errorType}
          {run.errorMessage ? ` — ${run.errorMessage}` : ""}
        </div>
      ) : null}
      {run.status === "error" ? (
        <div className="error-box" data-testid="run-error">
          {run.errorType}: {run.errorMessage ?? ""}
        </div>
      ) : null}
      {answer !== undefined ? (
        <section data-testid="run-answer">
          <h2>Answer</h2>
          <pre className="reply answer">{answer}</pre>
        </section>
      ) : null}
      <div className="cards">
        {cards.map(([label, value, over]) => (
          <div key={label} className="card">
            <div className="label">{label}</div>
            <div className={`value${over ? " over" : ""}`}>{value}</div>
          </div>
        ))}
      </div>
      {limitEntries.length > 0 ? (
        <p className="muted">
          Limits: {limitEntries.map(([key, value]) => `${key} ${String(value)}`).join(" · ")}
        </p>
      ) : null}
      <h2>Recursion tree</h2>
      <div className="panel">
        <RunTree runId={run.runId} roots={tree} />
      </div>
      <h2>Timeline</h2>
      <TimelineChart
        layout={layout}
        limitHitMs={
          run.status === "limit" && run.endedMs !== null ? run.endedMs - layout.startMs : undefined
        }
      />
      <h2>Cost, tokens and latency of this run</h2>
      <AggregateViews data={aggregates(database, { runId: run.runId })} />
    </>
  );
}
