import type { CompactionEndEvent, EventSink, RLMEvent } from "@rlm/core";

interface Totals {
  iteration: number;
  depth: number;
  subCallsRunning: number;
  subCallsDone: number;
  compactionsRunning: number;
  compactionsDone: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  costKnown: boolean;
}

/**
 * Shows a run's progress on stderr: one live status line on a terminal; otherwise (logs, CI)
 * one plain line per step (each root iteration, child RLM, failed root cell, history
 * compaction and the end), without carriage returns or escape codes. The status line counts
 * compactions once a node's history has been compacted.
 */
export function progressSink(
  options: { stream?: NodeJS.WriteStream; live?: boolean } = {},
): EventSink {
  const stream = options.stream ?? process.stderr;
  const live = options.live ?? Boolean(stream.isTTY);
  const totals: Totals = {
    iteration: 0,
    depth: 0,
    subCallsRunning: 0,
    subCallsDone: 0,
    compactionsRunning: 0,
    compactionsDone: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    costKnown: true,
  };
  let lastDraw = 0;
  /** The estimated prompt tokens of each running compaction's history before it. */
  const tokensBefore = new Map<string, number>();

  const statusLine = () => {
    const cost = totals.costKnown ? `$${totals.costUsd.toFixed(4)}` : "cost unknown";
    const compactions =
      totals.compactionsRunning + totals.compactionsDone > 0
        ? ` · compactions ${totals.compactionsRunning} running, ${totals.compactionsDone} done`
        : "";
    return `iteration ${totals.iteration} · depth ${totals.depth} · sub-calls ${totals.subCallsRunning} running, ${totals.subCallsDone} done${compactions} · tokens ${formatCount(totals.inputTokens)} in / ${formatCount(totals.outputTokens)} out · ${cost}`;
  };
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    stream.write(`\r\x1b[2K${statusLine()}`);
  };
  const say = (line: string) => {
    if (live) stream.write(`\r\x1b[2K${line}\n`);
    else stream.write(`${line}\n`);
  };

  return {
    onEvent(event: RLMEvent) {
      update(totals, event);
      if (event.type === "compaction-start") {
        tokensBefore.set(event.compactionId, event.estimatedTokens);
      } else if (event.type === "compaction-end") {
        const before = tokensBefore.get(event.compactionId);
        tokensBefore.delete(event.compactionId);
        if (!live) say(compactionLine(event, before));
      }
      if (event.type === "iteration-start" && event.depth === 0) {
        if (!live) say(statusLine());
      } else if (event.type === "node-start" && event.depth > 0 && !live) {
        say(`child RLM ${event.nodeId} started at depth ${event.depth} (${event.model})`);
      } else if (event.type === "cell-end" && event.error && event.depth === 0) {
        say(`cell error: ${event.error.split("\n")[0]?.slice(0, 200)}`);
      } else if (event.type === "run-end") {
        if (live) stream.write("\r\x1b[2K");
        say(`done: ${statusLine()}`);
        return;
      }
      if (live) draw(event.type === "iteration-start" || event.type.startsWith("compaction-"));
    },
  };
}

function update(totals: Totals, event: RLMEvent): void {
  switch (event.type) {
    case "iteration-start":
      if (event.depth === 0) totals.iteration = event.iteration;
      break;
    case "node-start":
      totals.depth = Math.max(totals.depth, event.depth);
      break;
    case "subcall-start":
      totals.subCallsRunning++;
      break;
    case "subcall-end":
      totals.subCallsRunning--;
      totals.subCallsDone++;
      break;
    case "compaction-start":
      totals.compactionsRunning++;
      break;
    case "compaction-end":
      totals.compactionsRunning--;
      totals.compactionsDone++;
      break;
    case "model-call-end":
      totals.inputTokens += event.usage.inputTokens ?? 0;
      totals.outputTokens += event.usage.outputTokens ?? 0;
      if (event.costUsd === undefined && !event.error) totals.costKnown = false;
      totals.costUsd += event.costUsd ?? 0;
      break;
  }
}

/** One plain line for a finished compaction: what it replaced, or why it failed. */
function compactionLine(event: CompactionEndEvent, tokensBefore: number | undefined): string {
  const where = `history of ${event.nodeId} (depth ${event.depth})`;
  if (event.error) return `compaction of the ${where} failed: ${event.error.message.slice(0, 200)}`;
  const tokens =
    tokensBefore === undefined
      ? `~${formatCount(event.estimatedTokens)} tokens`
      : `~${formatCount(tokensBefore)} → ~${formatCount(event.estimatedTokens)} tokens`;
  return `compacted the ${where}: ${event.compactedMessages} messages replaced by a summary, ${tokens}`;
}

function formatCount(count: number): string {
  if (count >= 1_000_000) return `${(count / 1_000_000).toFixed(1)}M`;
  if (count >= 1_000) return `${(count / 1_000).toFixed(1)}k`;
  return String(count);
}
