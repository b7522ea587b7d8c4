import type { TimelineLayout } from "../run-view/timeline-layout.ts";
import { formatDuration } from "./format.ts";

const GUTTER = 190;
const PLOT = 1000;
const ROW = 9;
const AXIS = 18;

const FILL: Record<string, string> = {
  node: "#adb5bd",
  turn: "#3b5bdb",
  cell: "#5c940d",
  subcall: "#74c0fc",
};

/**
 * The run's timeline as a hand-drawn SVG: time runs left to right, each RLM node has a band
 * (see `layoutTimeline`), failed spans are red, and spans on the critical path are outlined
 * in orange. A limit hit is marked by a line where the run stopped.
 */
export function TimelineChart({
  layout,
  limitHitMs,
}: {
  layout: TimelineLayout;
  limitHitMs?: number | undefined;
}) {
  if (layout.bars.length === 0) return <p className="muted">No spans yet.</p>;
  const scale = PLOT / Math.max(layout.durationMs, 1);
  const height = AXIS + layout.rows * ROW + 6;
  const ticks = Array.from({ length: 6 }, (_, index) => (layout.durationMs * index) / 5);
  return (
    <>
      <div className="legend">
        {Object.entries({
          "model turn": FILL.turn,
          cell: FILL.cell,
          "sub-call": FILL.subcall,
          "RLM node": FILL.node,
        }).map(([label, color]) => (
          <span key={label}>
            <span className="swatch" style={{ background: color }} />
            {label}
          </span>
        ))}
        <span>
          <span className="swatch" style={{ background: "#fa5252" }} />
          failed
        </span>
        <span>
          <span className="swatch" style={{ border: "2px solid #f08c00" }} />
          critical path
        </span>
      </div>
      <div className="scroll-x">
        <svg
          className="timeline"
          viewBox={`0 0 ${GUTTER + PLOT + 10} ${height}`}
          role="img"
          aria-label="Timeline of the run's spans"
          data-testid="timeline"
        >
          {ticks.map((tick) => (
            <g key={tick}>
              <line
                x1={GUTTER + tick * scale}
                x2={GUTTER + tick * scale}
                y1={AXIS - 4}
                y2={height}
                stroke="#e9ecef"
              />
              <text
                x={GUTTER + tick * scale}
                y={11}
                fontSize={10}
                textAnchor="middle"
                fill="#6b7079"
              >
                {formatDuration(tick)}
              </text>
            </g>
          ))}
          {layout.bands.map((band, index) => (
            <g key={band.nodeId}>
              {index % 2 === 1 ? (
                <rect
                  x={0}
                  y={AXIS + band.firstRow * ROW}
                  width={GUTTER + PLOT + 10}
                  height={band.rows * ROW}
                  fill="#f8f9fa"
                />
              ) : null}
              <text x={4} y={AXIS + band.firstRow * ROW + 8} fontSize={9.5} fill="#1d1f23">
                {band.label.length > 34 ? `${band.label.slice(0, 33)}…` : band.label}
              </text>
            </g>
          ))}
          {layout.bars.map((bar) => (
            <rect
              key={bar.spanId}
              x={GUTTER + bar.start * scale}
              y={AXIS + bar.row * ROW + 1}
              width={Math.max((bar.end - bar.start) * scale, 0.6)}
              height={ROW - 2}
              fill={bar.failed ? "#fa5252" : FILL[bar.kind]}
              stroke={bar.critical ? "#f08c00" : undefined}
              strokeWidth={bar.critical ? 1.2 : undefined}
              data-critical={bar.critical ? "" : undefined}
            >
              <title>{`${bar.label} · ${formatDuration(bar.end - bar.start)}${bar.failed ? " · failed" : ""}${bar.critical ? " · critical path" : ""}`}</title>
            </rect>
          ))}
          {limitHitMs !== undefined ? (
            <line
              x1={GUTTER + limitHitMs * scale}
              x2={GUTTER + limitHitMs * scale}
              y1={AXIS - 4}
              y2={height}
              stroke="#d9480f"
              strokeWidth={2}
              strokeDasharray="4 3"
            >
              <title>limit hit: the run stopped here</title>
            </line>
          ) : null}
        </svg>
      </div>
    </>
  );
}
