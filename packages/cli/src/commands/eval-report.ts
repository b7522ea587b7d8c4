export interface EvalRow {
  method: "rlm" | "baseline";
  tokens: number;
  seed: number;
  /** 0..1; undefined when the method was skipped. */
  score: number | undefined;
  costUsd?: number | undefined;
  seconds?: number;
  error?: string;
  skipped?: string;
}

interface Cell {
  method: EvalRow["method"];
  tokens: number;
  accuracy: number | undefined;
  costUsd: number | undefined;
  seconds: number | undefined;
  runs: number;
}

/** Mean accuracy, cost and time per context length and method. */
export function summarize(rows: readonly EvalRow[]): Cell[] {
  const groups = new Map<string, EvalRow[]>();
  for (const row of rows) {
    const key = `${row.tokens}|${row.method}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => {
    const scored = group.filter((row) => row.score !== undefined);
    const mean = (values: number[]) =>
      values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
    const costs = scored.map((row) => row.costUsd);
    return {
      method: group[0]!.method,
      tokens: group[0]!.tokens,
      accuracy: mean(scored.map((row) => row.score as number)),
      costUsd: costs.some((cost) => cost === undefined) ? undefined : mean(costs as number[]),
      seconds: mean(scored.map((row) => row.seconds ?? 0)),
      runs: scored.length,
    };
  });
}

export function renderTable(rows: readonly EvalRow[]): string {
  const header = ["tokens", "method", "accuracy", "cost/task", "time/task", "runs"];
  const lines = summarize(rows).map((cell) => [
    cell.tokens.toLocaleString("en-US"),
    cell.method,
    cell.accuracy === undefined ? "skipped" : `${(cell.accuracy * 100).toFixed(1)}%`,
    cell.costUsd === undefined ? "n/a" : `$${cell.costUsd.toFixed(4)}`,
    cell.seconds === undefined ? "n/a" : `${cell.seconds.toFixed(2)} s`,
    String(cell.runs),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]!.length)),
  );
  const format = (line: string[]) =>
    line.map((value, column) => value.padEnd(widths[column]!)).join("  ");
  return [
    format(header),
    widths.map((width) => "-".repeat(width)).join("  "),
    ...lines.map(format),
  ].join("\n");
}

/** Accuracy by context length for each method, as a small self-contained SVG line chart. */
export function renderAccuracyChart(title: string, rows: readonly EvalRow[]): string {
  const cells = summarize(rows).filter((cell) => cell.accuracy !== undefined);
  const lengths = [...new Set(cells.map((cell) => cell.tokens))].sort((a, b) => a - b);
  const width = 640;
  const height = 360;
  const left = 60;
  const bottom = 300;
  const top = 40;
  const step = lengths.length > 1 ? (width - left - 40) / (lengths.length - 1) : 0;
  const x = (tokens: number) => left + lengths.indexOf(tokens) * step;
  const y = (accuracy: number) => bottom - accuracy * (bottom - top);
  const colors = { rlm: "#2563eb", baseline: "#dc2626" };
  const series = (["rlm", "baseline"] as const).map((method) => {
    const points = cells.filter((cell) => cell.method === method);
    if (!points.length) return "";
    const path = points.map((cell) => `${x(cell.tokens)},${y(cell.accuracy as number)}`).join(" ");
    const dots = points
      .map(
        (cell) =>
          `<circle cx="${x(cell.tokens)}" cy="${y(cell.accuracy as number)}" r="4" fill="${colors[method]}"/>`,
      )
      .join("");
    return `<polyline points="${path}" fill="none" stroke="${colors[method]}" stroke-width="2"/>${dots}`;
  });
  const ticks = lengths
    .map(
      (tokens) =>
        `<text x="${x(tokens)}" y="${bottom + 20}" text-anchor="middle" font-size="12">${formatTokens(tokens)}</text>`,
    )
    .join("");
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (value) =>
        `<line x1="${left}" x2="${width - 30}" y1="${y(value)}" y2="${y(value)}" stroke="#e5e7eb"/><text x="${left - 8}" y="${y(value) + 4}" text-anchor="end" font-size="12">${value * 100}%</text>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${left}" y="24" font-size="16">${escapeXml(title)}: accuracy by context length</text>
${grid}${ticks}${series.join("")}
<text x="${width - 200}" y="${height - 16}" font-size="12" fill="${colors.rlm}">■ RLM</text>
<text x="${width - 120}" y="${height - 16}" font-size="12" fill="${colors.baseline}">■ plain model</text>
</svg>
`;
}

function formatTokens(tokens: number): string {
  if (tokens >= 1_000_000) return `${tokens / 1_000_000}M`;
  if (tokens >= 1_000) return `${tokens / 1_000}k`;
  return String(tokens);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
