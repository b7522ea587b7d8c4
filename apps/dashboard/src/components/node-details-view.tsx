"use client";

import { useEffect, useState } from "react";
import type {
  CellDetail,
  CompactionDetail,
  ModelCallDetail,
  NodeDetails,
} from "../run-view/node-details.ts";
import { formatDuration, formatTokens, formatUsd } from "./format.ts";

/**
 * One node's iterations. Model replies, prompts, code and cell output are untrusted text:
 * they are only ever rendered as React text children, which escapes them, never as HTML.
 */
export function NodeDetailsView({ runId, nodeId }: { runId: string; nodeId: string }) {
  const [details, setDetails] = useState<NodeDetails | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let cancelled = false;
    fetch(`/api/runs/${encodeURIComponent(runId)}/nodes/${encodeURIComponent(nodeId)}`, {
      cache: "no-store",
    })
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return (await response.json()) as NodeDetails;
      })
      .then(
        (loaded) => !cancelled && setDetails(loaded),
        (failure: Error) => !cancelled && setError(failure.message),
      );
    return () => {
      cancelled = true;
    };
  }, [runId, nodeId]);
  if (error) return <div className="node-details error-box">Could not load the node: {error}</div>;
  if (!details) return <div className="node-details muted">Loading…</div>;
  return (
    <div className="node-details" data-testid="node-details">
      {details.iterations.map((iteration) => (
        <section key={iteration.iteration} className="iteration">
          <h3>Iteration {iteration.iteration}</h3>
          {iteration.compactions.map((compaction) => (
            <Compaction key={compaction.spanId} compaction={compaction} />
          ))}
          {iteration.turns.map((turn) => (
            <ModelCall key={turn.spanId} call={turn} label="Model turn" />
          ))}
          {iteration.cells.map((cell) => (
            <Cell key={cell.spanId} cell={cell} />
          ))}
        </section>
      ))}
      {details.answer !== null ? (
        <>
          <h3>Answer</h3>
          <pre className="reply">{details.answer}</pre>
        </>
      ) : null}
    </div>
  );
}

/** One line per history compaction, with the summary when content was captured. */
function Compaction({ compaction }: { compaction: CompactionDetail }) {
  const line = `History compacted: ${compaction.messages ?? "—"} messages replaced by a summary, about ${formatTokens(compaction.tokensBefore)} → ${formatTokens(compaction.tokensAfter)} tokens (window ${formatTokens(compaction.contextWindow)})`;
  return (
    <div className="compaction" data-testid="compaction">
      {compaction.failed ? `${line} — failed: ${compaction.errorType ?? "error"}` : line}
      {compaction.summary !== null ? (
        <details>
          <summary>Summary</summary>
          <pre className="reply">{compaction.summary}</pre>
        </details>
      ) : null}
    </div>
  );
}

function ModelCall({ call, label }: { call: ModelCallDetail; label: string }) {
  return (
    <div className="model-call">
      <div>
        <strong>{label}</strong> {call.model} · {formatDuration(call.durationMs)} ·{" "}
        <span data-testid="call-cost">{formatUsd(call.costUsd)}</span> · in{" "}
        {formatTokens(call.inputTokens)} / out {formatTokens(call.outputTokens)}
        {call.cacheReadTokens ? ` / cached ${formatTokens(call.cacheReadTokens)}` : ""}
        {call.attempt !== null && call.attempt > 1 ? ` · attempt ${call.attempt}` : ""}
        {call.cached ? (
          <>
            {" "}
            <CacheHitBadge />
          </>
        ) : null}
      </div>
      {call.failed ? (
        <div className="error-box">
          {call.errorType ?? "Error"}: {call.errorMessage ?? ""}
        </div>
      ) : null}
      {call.reply !== "" ? <pre className="reply">{call.reply}</pre> : null}
    </div>
  );
}

function Cell({ cell }: { cell: CellDetail }) {
  const subcallCount = cell.subcalls.length + cell.moreSubcalls + cell.childNodes.length;
  return (
    <div className="cell" data-testid="cell">
      <div>
        <strong>Cell</strong> {cell.cellId ?? ""} · {formatDuration(cell.durationMs)} ·{" "}
        {subcallCount} sub-calls
        {cell.truncated ? " · output truncated" : ""}
        {cell.stateReset ? " · state reset" : ""}
      </div>
      {cell.code !== null ? (
        <pre className="code" data-testid="cell-code">
          {cell.code}
        </pre>
      ) : (
        <div className="muted">Code not captured (enable content capture in the exporter).</div>
      )}
      {cell.output !== null ? <pre className="output">{cell.output}</pre> : null}
      {cell.failed ? (
        <div className="error-box">
          {cell.errorType ?? "Error"}: {cell.errorMessage ?? ""}
        </div>
      ) : null}
      {cell.failedSubcalls.map((failure) => (
        <div key={failure.callId} className="error-box">
          {failure.kind}_query failed: {failure.errorType}
        </div>
      ))}
      {cell.childNodes.length > 0 ? (
        <div>
          Child RLMs:{" "}
          {cell.childNodes.map((child) => (
            <span key={child.nodeId ?? ""} className={child.failed ? "failed" : undefined}>
              {child.nodeId} ({formatUsd(child.subtreeCostUsd)}, {formatDuration(child.durationMs)}
              {child.failed ? `, ${child.errorType ?? "failed"}` : ""}){" "}
            </span>
          ))}
        </div>
      ) : null}
      {cell.toolCalls.length > 0 ? (
        <details>
          <summary>{cell.toolCalls.length} tool calls</summary>
          <table>
            <thead>
              <tr>
                <th>Tool</th>
                <th>Arguments</th>
                <th>Result</th>
                <th className="num">Time</th>
              </tr>
            </thead>
            <tbody>
              {cell.toolCalls.map((call) => (
                <tr key={call.spanId} className={call.failed ? "row-error" : undefined}>
                  <td>{call.name}</td>
                  <td>
                    <pre className="output">{call.args ?? ""}</pre>
                  </td>
                  <Outcome call={call} text={call.result ?? ""} />
                  <td className="num">{formatDuration(call.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
      {cell.subcalls.length > 0 ? (
        <details>
          <summary>
            {cell.subcalls.length + cell.moreSubcalls} llm_query calls
            {cell.moreSubcalls > 0 ? ` (first ${cell.subcalls.length} shown)` : ""}
          </summary>
          <table>
            <thead>
              <tr>
                <th>Model</th>
                <th>Prompt</th>
                <th>Reply</th>
                <th className="num">Cost</th>
                <th className="num">Time</th>
              </tr>
            </thead>
            <tbody>
              {cell.subcalls.map((call) => (
                <tr key={call.spanId} className={call.failed ? "row-error" : undefined}>
                  <td>
                    {call.model}
                    {call.cached ? (
                      <>
                        {" "}
                        <CacheHitBadge />
                      </>
                    ) : null}
                  </td>
                  <td>
                    <pre className="output">{call.prompt}</pre>
                  </td>
                  <Outcome call={call} text={call.reply} />
                  <td className="num">{formatUsd(call.costUsd)}</td>
                  <td className="num">{formatDuration(call.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </div>
  );
}

/** Marks a sub-call answered from the memo: no request was sent, nothing was spent. */
function CacheHitBadge() {
  return (
    <span
      className="badge cached"
      data-testid="cache-hit"
      title="Answered from the memo: no request was sent"
    >
      cached
    </span>
  );
}

/** A call's result, or its error when it failed: one table cell. */
function Outcome({
  call,
  text,
}: {
  call: { failed: boolean; errorType: string | null; errorMessage: string | null };
  text: string;
}) {
  return (
    <td>
      {call.failed ? (
        <span className="failed">
          {call.errorType}: {call.errorMessage}
        </span>
      ) : (
        <pre className="reply">{text}</pre>
      )}
    </td>
  );
}
