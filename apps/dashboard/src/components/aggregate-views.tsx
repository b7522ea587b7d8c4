import type { AggregateRow, Aggregates } from "../run-view/aggregates.ts";
import { BarChart } from "./bar-chart.tsx";
import { formatDuration, formatTokens, formatUsd } from "./format.ts";

/** Charts and tables of cost, tokens and latency by model, tier and depth. */
export function AggregateViews({ data }: { data: Aggregates }) {
  const groups: [string, AggregateRow[], (key: string) => string][] = [
    ["model", data.byModel, (key) => key],
    ["tier", data.byTier, (key) => key],
    ["depth", data.byDepth, (key) => `depth ${key}`],
  ];
  return (
    <>
      <div className="charts">
        {groups.map(([name, rows, label]) => (
          <BarChart
            key={`cost-${name}`}
            title={`Cost by ${name}`}
            rows={rows.map((row) => ({
              label: label(row.key),
              values: [row.costUsd],
              caption: formatUsd(row.costUsd),
            }))}
          />
        ))}
        {groups.map(([name, rows, label]) => (
          <BarChart
            key={`tokens-${name}`}
            title={`Tokens by ${name}`}
            series={["input", "output"]}
            rows={rows.map((row) => ({
              label: label(row.key),
              values: [row.inputTokens, row.outputTokens],
              caption: `${formatTokens(row.inputTokens)} in / ${formatTokens(row.outputTokens)} out`,
            }))}
          />
        ))}
        {groups
          .filter(([name]) => name !== "tier")
          .map(([name, rows, label]) => (
            <BarChart
              key={`latency-${name}`}
              title={`Latency p50 / p95 by ${name}`}
              series={["p50", "p95 beyond p50"]}
              rows={rows.map((row) => ({
                label: label(row.key),
                values: [row.p50Ms ?? 0, Math.max((row.p95Ms ?? 0) - (row.p50Ms ?? 0), 0)],
                caption: `${formatDuration(row.p50Ms)} / ${formatDuration(row.p95Ms)}`,
              }))}
            />
          ))}
      </div>
      {groups.map(([name, rows, label]) => (
        <section key={`table-${name}`}>
          <h2>By {name}</h2>
          <div className="scroll-x">
            <table data-testid={`aggregate-${name}`}>
              <thead>
                <tr>
                  <th>{name}</th>
                  <th className="num">Calls</th>
                  <th className="num">Failed</th>
                  <th className="num">Cost</th>
                  <th className="num">Tokens in</th>
                  <th className="num">Tokens out</th>
                  <th className="num">Cached</th>
                  <th className="num">p50</th>
                  <th className="num">p95</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.key}>
                    <td>{label(row.key)}</td>
                    <td className="num">{row.calls.toLocaleString("en-US")}</td>
                    <td className="num">{row.failed}</td>
                    <td className="num">{formatUsd(row.costUsd)}</td>
                    <td className="num">{formatTokens(row.inputTokens)}</td>
                    <td className="num">{formatTokens(row.outputTokens)}</td>
                    <td className="num">{formatTokens(row.cacheReadTokens)}</td>
                    <td className="num">{formatDuration(row.p50Ms)}</td>
                    <td className="num">{formatDuration(row.p95Ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
