import { relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

/** When a package's test files ran: its first start and last end, and its slowest file. */
interface PackageTimes {
  firstStart: number;
  lastEnd: number;
  files: number;
  slowest: { file: string; ms: number };
}

/**
 * Prints the wall time of each package (vitest project), from its first test file's start
 * to its last one's end, with its slowest file: packages run side by side, so this says
 * where the suite's time goes. Then one plain closing line, `tests: N passed, N failed`,
 * that any CI log reader understands.
 */
export default class SummaryReporter implements Reporter {
  private readonly started = new Map<string, number>();
  private readonly packages = new Map<string, PackageTimes>();

  onTestModuleStart(testModule: TestModule): void {
    this.started.set(testModule.moduleId, performance.now());
  }

  onTestModuleEnd(testModule: TestModule): void {
    const end = performance.now();
    const start = this.started.get(testModule.moduleId) ?? end;
    const file = relative(testModule.project.config.root, testModule.moduleId);
    const ms = end - start;
    const name = testModule.project.name || "(root)";
    const times = this.packages.get(name);
    if (!times) {
      this.packages.set(name, { firstStart: start, lastEnd: end, files: 1, slowest: { file, ms } });
      return;
    }
    times.firstStart = Math.min(times.firstStart, start);
    times.lastEnd = Math.max(times.lastEnd, end);
    times.files++;
    if (ms > times.slowest.ms) times.slowest = { file, ms };
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const testModule of testModules) {
      for (const testCase of testModule.children.allTests()) {
        const state = testCase.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
    }
    if (this.packages.size > 0) process.stdout.write(`\n${this.packageLines()}\n`);
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }

  private packageLines(): string {
    const rows = [...this.packages].sort(
      ([, a], [, b]) => b.lastEnd - b.firstStart - (a.lastEnd - a.firstStart),
    );
    const width = Math.max(...rows.map(([name]) => name.length));
    const lines = rows.map(
      ([name, times]) =>
        `  ${name.padEnd(width)}  ${formatDuration(times.lastEnd - times.firstStart).padStart(7)}  ${String(times.files).padStart(3)} file(s), slowest ${times.slowest.file} (${formatDuration(times.slowest.ms)})`,
    );
    return ["wall time per package (first file's start to last file's end):", ...lines].join("\n");
  }
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  return `${Math.floor(seconds / 60)}m ${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
}
