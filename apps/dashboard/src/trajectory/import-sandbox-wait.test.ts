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
import { loadRunSpans } from "../run-view/run-spans.ts";
import { importTrajectory } from "./import-trajectory.ts";

const repl = (code: string) => `\`\`\`repl\n${code}\n\`\`\``;

/** A real run whose three children share two sandbox slots, as spans and as events. */
async function waitingRun() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const root = scriptedModel({
    replies: [
      repl(
        "const all = await rlm_query_batched(['a', 'b', 'c'].map((p) => ({ prompt: p, context: p })))\nFINAL(all.join(''))",
      ),
    ],
  });
  const child = scriptedModel({ respond: () => repl("FINAL('1')") });
  const result = await createRLM({
    model: root,
    depthModels: [child],
    sandbox: vmSandbox(),
    maxDepth: 1,
    limits: { maxLiveSessions: 2 },
    sinks: [otelSink({ tracerProvider })],
  }).complete({ context: "c", query: "q" });
  await tracerProvider.forceFlush();
  return { result, spans: exporter.getFinishedSpans() };
}

describe("a run that waited for sandbox slots in the dashboard", () => {
  it("shows each wait as an rlm.sandbox.wait span under its node, imported or received", async () => {
    const { result, spans } = await waitingRun();
    expect(result.answer).toBe("111");
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
      const waitsOf = (database: typeof imported.database) => {
        const all = loadRunSpans(database, result.runId);
        return all
          .filter((span) => span.name === "rlm.sandbox.wait")
          .map((span) => ({
            nodeId: span.nodeId,
            depth: span.depth,
            parentName: all.find((parent) => parent.spanId === span.parentSpanId)?.name,
            parentNode: all.find((parent) => parent.spanId === span.parentSpanId)?.nodeId,
            startMs: span.startMs,
            endMs: span.endMs,
          }))
          .sort((a, b) => String(a.nodeId).localeCompare(String(b.nodeId)));
      };
      const shown = waitsOf(received.database);
      expect(shown).toHaveLength(
        result.trajectory.filter((event) => event.type === "sandbox-wait-start").length,
      );
      expect(shown.length).toBe(2);
      for (const wait of shown) {
        expect(wait).toMatchObject({ depth: 1, parentName: "invoke_agent rlm" });
        expect(wait.parentNode).toBe(wait.nodeId);
      }
      expect(waitsOf(imported.database)).toEqual(shown);
    } finally {
      imported.dispose();
      received.dispose();
    }
  });
});
