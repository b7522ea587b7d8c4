import type { DatabaseSync } from "node:sqlite";
import { createRLM } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { describe, expect, it } from "vitest";
import { recordedRun } from "../../test/support/recorded-run.ts";
import { loadNodeDetails } from "../run-view/node-details.ts";

const repl = (code: string) => `\`\`\`repl\n${code}\n\`\`\``;

describe("a compacted run in the dashboard", () => {
  it("shows each compaction as a line of the node's details, imported or received", async () => {
    // Each step prints 3,000 characters: the history passes the small window.
    const model = scriptedModel({
      replies: [
        repl("globalThis.rows = ['x'.repeat(3000)]\nconsole.log(rows[0])"),
        repl("rows.push('y'.repeat(3000))\nconsole.log(rows[1])"),
        repl("rows.push('z'.repeat(3000))\nconsole.log(rows[2])"),
        repl("FINAL(String(rows.length))"),
      ],
    });
    const summarizer = scriptedModel({
      modelId: "summarizer",
      respond: () => "SUMMARY-5: rows holds the rows",
    });
    const { result, imported, received, dispose } = await recordedRun((sink) =>
      createRLM({
        model,
        sandbox: vmSandbox(),
        maxOutputTokens: 200,
        compaction: { contextWindowTokens: 2_500, model: summarizer },
        sinks: [sink],
      }).complete({ context: "c", query: "q" }),
    );
    try {
      const rootNode = result.trajectory.find((event) => event.type === "run-start")!.nodeId;
      const compactionsOf = (database: DatabaseSync) =>
        loadNodeDetails(database, result.runId, rootNode)!.iterations.flatMap((iteration) =>
          iteration.compactions.map(({ spanId: _, durationMs: __, ...rest }) => ({
            iteration: iteration.iteration,
            ...rest,
          })),
        );
      const shown = compactionsOf(received.database);
      expect(shown.length).toBe(summarizer.calls.length);
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
      dispose();
    }
  });
});
