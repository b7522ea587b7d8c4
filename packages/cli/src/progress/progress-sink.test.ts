import { createRLM, type GenerateRequest, messageText } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { describe, expect, it } from "vitest";
import { progressSink } from "./progress-sink.js";

const repl = (code: string) => `\`\`\`repl\n${code}\n\`\`\``;
const isSummaryRequest = (request: GenerateRequest) =>
  messageText(request.messages[0] ?? { role: "system", content: "" }).startsWith(
    "You compact the working history",
  );

/** A stderr that keeps what is written to it. */
function captureStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join("") };
}

/**
 * A run whose steps each print 3,000 characters into a window of 2,500 tokens, so its history
 * is compacted before the last step; or, with a large window, never.
 */
async function run(options: { live: boolean; contextWindowTokens: number }) {
  const steps = [
    repl("globalThis.rows = []\nrows.push('x'.repeat(3000))\nconsole.log(rows[0])"),
    repl("rows.push('y'.repeat(3000))\nconsole.log(rows[1])"),
    repl("rows.push('z'.repeat(3000))\nconsole.log(rows[2])"),
    repl("FINAL(rows.length)"),
  ];
  let step = 0;
  const model = scriptedModel({
    respond: (request) =>
      isSummaryRequest(request) ? "SUMMARY: `rows` holds three rows." : (steps[step++] ?? ""),
  });
  const stderr = captureStream(options.live);
  const result = await createRLM({
    model,
    sandbox: vmSandbox(),
    maxOutputTokens: 200,
    compaction: { contextWindowTokens: options.contextWindowTokens },
    sinks: [progressSink({ stream: stderr.stream, live: options.live })],
  }).complete({ context: "c", query: "Build the rows." });
  const compactions = result.trajectory.filter((event) => event.type === "compaction-end");
  return { err: stderr.text(), compactions: compactions.length };
}

describe("progressSink", () => {
  it("says each compaction in plain lines and counts them in the status lines after it", async () => {
    const { err, compactions } = await run({ live: false, contextWindowTokens: 2_500 });
    expect(compactions).toBeGreaterThan(0);
    const lines = err.trimEnd().split("\n");
    const compacted = lines.filter((line) => line.startsWith("compacted the history of "));
    expect(compacted).toHaveLength(compactions);
    expect(compacted[0]).toMatch(
      /^compacted the history of \S+ \(depth 0\): \d+ messages replaced by a summary, ~\S+ → ~\S+ tokens$/,
    );
    const first = lines.indexOf(compacted[0] ?? "");
    expect(lines.slice(0, first).some((line) => line.includes("compactions"))).toBe(false);
    expect(lines.at(-1)).toContain(` · compactions 0 running, ${compactions} done · `);
  });

  it("shows a running compaction on the live line", async () => {
    const { err } = await run({ live: true, contextWindowTokens: 2_500 });
    expect(err).toContain("\r\x1b[2K");
    expect(err).toContain(" · compactions 1 running, 0 done · ");
    expect(err).not.toContain("compacted the history");
  });

  it("leaves compactions out of a run that has none", async () => {
    const { err, compactions } = await run({ live: false, contextWindowTokens: 1_000_000 });
    expect(compactions).toBe(0);
    expect(err).not.toContain("compact");
  });
});
