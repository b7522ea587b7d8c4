/** Middle value of a list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** `median 12.3 ms (min 11.0, max 14.2, n 5)`. */
export function spread(values: readonly number[], unit = "ms", digits = 1): string {
  const format = (value: number) => value.toFixed(digits);
  return `median ${format(median(values))} ${unit} (min ${format(Math.min(...values))}, max ${format(Math.max(...values))}, n ${values.length})`;
}

/** Runs of each benchmark: `BENCH_RUNS`, else `fallback`. */
export function benchRuns(fallback: number): number {
  const runs = Number.parseInt(process.env.BENCH_RUNS ?? "", 10);
  return Number.isFinite(runs) && runs > 0 ? runs : fallback;
}

/** Prints a benchmark's report as one block, with whether each target was met. */
export function report(title: string, lines: readonly string[]): void {
  console.log([`\n## ${title}`, ...lines.map((line) => `  ${line}`)].join("\n"));
}

export function verdict(value: number, target: number): string {
  return value <= target ? "met" : "MISSED";
}
