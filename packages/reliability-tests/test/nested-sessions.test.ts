import { createRLM, type GenerateRequest, type RLMEvent } from "@rlm/core";
import { lastMessageText, scriptedModel } from "@rlm/core/testing";
import { type DenoSandbox, denoSandbox } from "@rlm/sandbox-deno";
import { denoChildPids } from "@rlm/sandbox-deno/testing";
import { afterAll, beforeAll, expect, it } from "vitest";

/**
 * Nested child RLMs in the real Deno sandbox: the run-wide cap on live sandbox processes,
 * and children stopped when the cell that started them ends.
 */

let deno: DenoSandbox;
beforeAll(() => {
  // No warm processes: every Deno process alive during a run belongs to one of its sessions.
  deno = denoSandbox({ warmSessions: 0 });
});
afterAll(async () => {
  await deno.close();
});

function repl(code: string): string {
  return `\`\`\`repl\n${code}\n\`\`\``;
}

it("maxDepth 2 with a fan-out of 3 under maxLiveSessions 3 never has more than 3 Deno processes, and finishes", async () => {
  const model = scriptedModel({
    respond: (request: GenerateRequest) => {
      const depth = Number(/depth (\d)/.exec(lastMessageText(request, "system"))?.[1] ?? 0);
      if (depth >= 2) return repl("FINAL('1')");
      return repl(
        "const answers = await rlm_query_batched([0, 1, 2].map((i) => ({ prompt: 'part ' + i, context: 'c' + i })))\nFINAL(String(answers.reduce((sum, a) => sum + Number(a), 0)))",
      );
    },
  });
  let peak = 0;
  const events: RLMEvent[] = [];
  const rlm = createRLM({
    model,
    sandbox: deno,
    maxDepth: 2,
    limits: { maxLiveSessions: 3, maxConcurrency: 3 },
    systemPrompt: (info) => `You are at depth ${info.depth}.`,
    sinks: [
      {
        onEvent(event) {
          events.push(event);
          // Read at every step of the run: a process count above the cap would show here.
          peak = Math.max(peak, denoChildPids().length);
        },
      },
    ],
  });
  const result = await rlm.complete({ context: "root", query: "count" });
  expect(result.answer).toBe("9");
  expect(result.depthReached).toBe(2);
  expect(peak).toBeGreaterThan(0);
  expect(peak).toBeLessThanOrEqual(3);
  const waits = events.filter((event) => event.type === "sandbox-wait-start");
  expect(waits.length).toBeGreaterThan(0);
});

it("a cell timeout stops the child RLM it started: the child makes no model call after the cell ended", async () => {
  let cellEnded = false;
  let childStarted = false;
  let callsAfterCellEnd = 0;
  /**
   * Settles once the child has stopped (its request aborted or its node ended), once it has
   * gone on for three calls after the cell, or when the cell ended before it started one.
   */
  let settle: () => void = () => undefined;
  const childStoppedOrRanOn = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const child = scriptedModel({
    modelId: "child",
    respond: (request) => {
      if (cellEnded && ++callsAfterCellEnd >= 3) settle();
      request.abortSignal?.addEventListener("abort", () => settle(), { once: true });
      return repl("await new Promise((resolve) => setTimeout(resolve, 100)); 'working'");
    },
  });
  const root = scriptedModel({
    respond: async (_request, index) => {
      if (index === 0) return repl("await rlm_query('dig', 'sub context')");
      await childStoppedOrRanOn;
      return repl("FINAL('done')");
    },
  });
  const rlm = createRLM({
    model: root,
    depthModels: [child],
    sandbox: deno,
    maxDepth: 1,
    // The child would go on turn after turn; only its parent cell's end may stop it.
    maxIterations: 1_000,
    cellTimeoutMs: 3_000,
    sinks: [
      {
        onEvent(event) {
          if (event.type === "subcall-start") childStarted = true;
          if (event.type === "node-end" && event.depth === 1) settle();
          if (event.type === "cell-end" && event.depth === 0) {
            cellEnded = true;
            if (!childStarted) settle();
          }
        },
      },
    ],
  });
  const result = await rlm.complete({ context: "c", query: "q" });
  expect(result.answer).toBe("done");
  const rootCellEnd = result.trajectory.find(
    (event) => event.type === "cell-end" && event.depth === 0,
  );
  // The cell ended by its time limit (kept, or by a restart if its guard could not act).
  expect(rootCellEnd?.type === "cell-end" && rootCellEnd.error).toBeTruthy();
  const lateChildCalls = result.trajectory.filter(
    (event) =>
      event.type === "model-call-start" && event.depth === 1 && event.seq > (rootCellEnd?.seq ?? 0),
  );
  expect(lateChildCalls).toEqual([]);
  expect(callsAfterCellEnd).toBe(0);
});
