import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { createRLM } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { otelSink } from "@rlm/otel";
import { describe, expect, it } from "vitest";
import { jsonBody } from "../../test/support/otlp-bodies.ts";
import { tempDatabase } from "../../test/support/temp-database.ts";
import { ingestTraces } from "../ingest/ingest-traces.ts";
import { loadNodeDetails } from "../run-view/node-details.ts";
import { importTrajectory } from "./import-trajectory.ts";

const repl = (code: string) => `\`\`\`repl\n${code}\n\`\`\``;

/** A real run whose history passes a small window, recorded as spans and as events. */
async function compactedRun() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const steps = [
    repl("globalThis.rows = ['x'.repeat(3000)]\nconsole.log(rows[0])"),
    repl("rows.push('y'.repeat(3000))\nconsole.log(rows[1])"),
    repl("rows.push('z'.repeat(3000))\nconsole.log(rows[2])"),
    repl("FINAL(String(rows.length))"),
  ];
  const model = scriptedModel({ replies: steps });
  // A model of its own writes the summaries, so the root's replies stay in order.
  const summarizer = scriptedModel({
    modelId: "summarizer",
    respond: () => "SUMMARY-5: rows holds the rows",
  });
  const result = await createRLM({
    model,
    sandbox: vmSandbox(),
    maxOutputTokens: 200,
    compaction: { contextWindowTokens: 2_500, model: summarizer },
    sinks: [otelSink({ tracerProvider, captureContent: true })],
  }).complete({ context: "c", query: "q" });
  await tracerProvider.forceFlush();
  return { result, spans: exporter.getFinishedSpans() };
}

describe("a compacted run in the dashboard", () => {
  it("shows each compaction as a line of the node's details, imported or received", async () => {
    const { result, spans } = await compactedRun();
    const imported = tempDatabase();
    const received = tempDatabase();
    try {
      importTrajectory(
        imported.database,
        result.trajectory.map((event) => JSON.stringify(event)).join("\n"),
      );
      ingestTraces(received.database, {
        body: jsonBody(spans),
        contentType: "application/json",
        contentEncoding: null,
      });
      const rootNode = result.trajectory.find((event) => event.type === "run-start")!.nodeId;
      const compactionsOf = (database: typeof imported.database) =>
        loadNodeDetails(database, result.runId, rootNode)!.iterations.flatMap((iteration) =>
          iteration.compactions.map(({ spanId: _, durationMs: __, ...rest }) => ({
            iteration: iteration.iteration,
            ...rest,
          })),
        );
      const shown = compactionsOf(received.database);
      expect(shown.length).toBe(
        result.trajectory.filter((event) => event.type === "compaction-end").length,
      );
      expect(shown.length).toBeGreaterThanOrEqual(1);
      for (const compaction of shown) {
        expect(compaction).toMatchObject({
          contextWindow: 2_500,
          summary: "SUMMARY-5: rows holds the rows",
          failed: false,
        });
        expect(compaction.iteration).toBeGreaterThan(1);
        expect(compaction.tokensAfter).toBeLessThan(compaction.tokensBefore!);
        expect(compaction.messages).toBeGreaterThan(0);
      }
      expect(compactionsOf(imported.database)).toEqual(shown);
    } finally {
      imported.dispose();
      received.dispose();
    }
  });
});
