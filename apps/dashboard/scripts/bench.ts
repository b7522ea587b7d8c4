/**
 * Benchmark of a 10,000-span run: ingest time (one gzip protobuf request to /v1/traces, as
 * an exporter sends it, and the ingest function alone) and the run page ready in Chromium
 * (navigation until the timeline is drawn). Prints the median of several rounds.
 *
 *   pnpm --filter @rlm/dashboard bench [-- --rounds 7]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ingestTraces } from "../src/ingest/ingest-traces.ts";
import { openDatabase } from "../src/store/open-database.ts";
import { startDashboard } from "../test/support/dashboard-server.ts";
import { launchChromium } from "../test/support/launch-chromium.ts";
import { gzip, jsonBody, protobufBody } from "../test/support/otlp-bodies.ts";
import { syntheticRun } from "../test/support/synthetic-run.ts";
import { ensureBuilt } from "./build/build-package.ts";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
const rounds = Number(values.rounds);
const SPANS = 10_000;

const directory = mkdtempSync(join(tmpdir(), "rlm-dashboard-bench-"));
const samples: Record<string, number[]> = {
  "ingest function, protobuf": [],
  "ingest function, JSON": [],
  "HTTP POST /v1/traces, gzip protobuf": [],
  "run page ready (timeline drawn)": [],
  "run page DOMContentLoaded": [],
};

try {
  console.log("Building…");
  await ensureBuilt();
  const direct = openDatabase(join(directory, "direct.db"));
  for (let round = 0; round < rounds; round++) {
    for (const [label, body, contentType] of [
      [
        "ingest function, protobuf",
        protobufBody(syntheticRun({ runId: `p${round}`, spanCount: SPANS })),
        "application/x-protobuf",
      ],
      [
        "ingest function, JSON",
        jsonBody(syntheticRun({ runId: `j${round}`, spanCount: SPANS })),
        "application/json",
      ],
    ] as const) {
      const started = performance.now();
      const response = ingestTraces(direct, { body, contentType, contentEncoding: null });
      samples[label]!.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`ingest failed: ${String(response.body)}`);
    }
  }
  direct.close();

  const server = await startDashboard({ databasePath: join(directory, "server.db") });
  const browser = await launchChromium();
  try {
    for (let round = 0; round < rounds; round++) {
      const runId = `bench-${round}`;
      const body = gzip(protobufBody(syntheticRun({ runId, spanCount: SPANS })));
      const started = performance.now();
      const response = await fetch(`${server.url}/v1/traces`, {
        method: "POST",
        body,
        headers: { "content-type": "application/x-protobuf", "content-encoding": "gzip" },
      });
      samples["HTTP POST /v1/traces, gzip protobuf"]!.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`POST failed: ${response.status}`);

      const page = await browser.context.newPage();
      const navigation = performance.now();
      await page.goto(`${server.url}/runs/${runId}`, { waitUntil: "commit" });
      await page.getByTestId("timeline").waitFor();
      await page.getByTestId("run-tree").locator("button").first().waitFor();
      samples["run page ready (timeline drawn)"]!.push(performance.now() - navigation);
      const domContentLoaded = await page.evaluate(() => {
        const [entry] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
        return entry ? entry.domContentLoadedEventEnd : Number.NaN;
      });
      samples["run page DOMContentLoaded"]!.push(domContentLoaded);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
console.log(
  `\n${SPANS.toLocaleString("en-US")}-span run, ${rounds} rounds, Node ${process.version}\n`,
);
console.log("| Measure | Median | Min | Max |\n|---|---:|---:|---:|");
for (const [label, values] of Object.entries(samples)) {
  const format = (ms: number) => `${Math.round(ms)} ms`;
  console.log(
    `| ${label} | ${format(median(values))} | ${format(Math.min(...values))} | ${format(Math.max(...values))} |`,
  );
}
