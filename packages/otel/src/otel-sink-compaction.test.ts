import { createRLM } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { describe, expect, it } from "vitest";
import { inMemoryTelemetry } from "./test-support/in-memory-telemetry.js";
import { parentOf, spanId } from "./test-support/span-tree.js";

const repl = (code: string) => `\`\`\`repl\n${code}\n\`\`\``;

describe("otelSink and history compaction", () => {
  it("shows each compaction as an rlm.compaction span under its node, the summary only when captured", async () => {
    for (const captureContent of [false, true]) {
      const telemetry = inMemoryTelemetry({ captureContent });
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
        respond: () => "SUMMARY-3: rows holds the rows",
      });
      const rlm = createRLM({
        model,
        sandbox: vmSandbox(),
        maxOutputTokens: 200,
        compaction: { contextWindowTokens: 2_500, model: summarizer },
        sinks: [telemetry.sink],
      });
      expect((await rlm.complete({ context: "c", query: "q" })).answer).toBe("3");
      expect(telemetry.openSpans()).toBe(0);
      const spans = telemetry.spans();
      const compactions = spans.filter((span) => span.name === "rlm.compaction");
      expect(compactions.length).toBe(summarizer.calls.length);
      expect(compactions.length).toBeGreaterThanOrEqual(1);
      const root = spans.find((span) => span.name === "invoke_agent rlm");
      for (const compaction of compactions) {
        expect(parentOf(compaction)).toBe(spanId(root!));
        const before = compaction.attributes["rlm.compaction.tokens_before"] as number;
        const after = compaction.attributes["rlm.compaction.tokens_after"] as number;
        expect(after).toBeLessThan(before);
        expect(compaction.attributes["rlm.compaction.context_window"]).toBe(2_500);
        expect(compaction.attributes["rlm.compaction.messages"]).toBeGreaterThan(0);
        expect(compaction.attributes["rlm.compaction.summary"]).toBe(
          captureContent ? "SUMMARY-3: rows holds the rows" : undefined,
        );
      }
      const summaryChats = spans.filter(
        (span) => span.name.startsWith("chat") && span.attributes["rlm.tier"] === "compaction",
      );
      expect(summaryChats).toHaveLength(compactions.length);
    }
  });
});
