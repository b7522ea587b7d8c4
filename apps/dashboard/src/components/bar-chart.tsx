/**
 * A horizontal bar chart in plain SVG (no chart library, nothing loaded from a CDN). Each
 * row may carry up to two stacked series, e.g. input and output tokens.
 */
export interface BarChartRow {
  label: string;
  values: number[];
  /** Text after the bar; defaults to the first value. */
  caption?: string;
}

const COLORS = ["#3b5bdb", "#74c0fc", "#f08c00"];
const LABEL_WIDTH = 150;
const BAR_WIDTH = 250;
const ROW = 22;

export function BarChart({
  title,
  rows,
  series,
}: {
  title: string;
  rows: BarChartRow[];
  series?: string[];
}) {
  const max = Math.max(...rows.map((row) => row.values.reduce((sum, value) => sum + value, 0)), 0);
  const height = Math.max(rows.length, 1) * ROW + 4;
  return (
    <div className="chart">
      <h3>{title}</h3>
      {series && series.length > 1 ? (
        <div className="legend">
          {series.map((name, index) => (
            <span key={name}>
              <span className="swatch" style={{ background: COLORS[index] }} />
              {name}
            </span>
          ))}
        </div>
      ) : null}
      <div className="scroll-x">
        <svg
          viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH + 110} ${height}`}
          width="100%"
          role="img"
          aria-label={title}
        >
          {rows.length === 0 ? (
            <text x={4} y={15} fontSize={12} fill="#6b7079">
              No data
            </text>
          ) : null}
          {rows.map((row, index) => {
            let x = LABEL_WIDTH;
            const y = index * ROW + 3;
            return (
              <g key={row.label}>
                <text x={LABEL_WIDTH - 6} y={y + 13} fontSize={11} textAnchor="end">
                  {row.label.length > 24 ? `${row.label.slice(0, 23)}…` : row.label}
                </text>
                {row.values.map((value, part) => {
                  const width = max > 0 ? (value / max) * BAR_WIDTH : 0;
                  const rect = (
                    <rect
                      key={series?.[part] ?? part}
                      x={x}
                      y={y}
                      width={width}
                      height={ROW - 6}
                      fill={COLORS[part % COLORS.length]}
                    />
                  );
                  x += width;
                  return rect;
                })}
                <text x={x + 6} y={y + 13} fontSize={11} fill="#495057">
                  {row.caption ?? String(row.values[0] ?? "")}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}
