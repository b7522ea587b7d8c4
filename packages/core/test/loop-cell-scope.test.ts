import { describe, expect, it } from "vitest";
import { createRLM, type GenerateRequest, type RLMEvent } from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { repl } from "./fixtures.js";

/** A reply that never comes: the request waits until its signal aborts, then fails with the reason. */
function untilAborted(request: { abortSignal?: AbortSignal }): Promise<never> {
  return new Promise((_, reject) => {
    const signal = request.abortSignal;
    if (!signal) return;
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

function ofType<T extends RLMEvent["type"]>(events: readonly RLMEvent[], type: T) {
  return events.filter((event): event is Extract<RLMEvent, { type: T }> => event.type === type);
}

describe("a cell's end stops what it started", () => {
  it("a cell timeout aborts the child RLM it started, before the node goes on", async () => {
    const childSignals: AbortSignal[] = [];
    const child = scriptedModel({
      modelId: "child",
      respond: (request: GenerateRequest) => {
        if (request.abortSignal) childSignals.push(request.abortSignal);
        return untilAborted(request);
      },
    });
    let childAbortedBeforeNextTurn: boolean | undefined;
    const root = scriptedModel({
      respond: (_request, index) => {
        if (index === 0) return repl("await rlm_query('dig', 'sub context')");
        childAbortedBeforeNextTurn = childSignals.every((signal) => signal.aborted);
        return repl("FINAL('done')");
      },
    });
    const rlm = createRLM({
      model: root,
      depthModels: [child],
      sandbox: vmSandbox(),
      // Long enough that the child's model call has started on a loaded machine; the test
      // waits for the timeout either way, so its length only costs time.
      cellTimeoutMs: 2_000,
      retry: { maxRetries: 0 },
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("done");
    expect(child.calls).toHaveLength(1);
    expect(childAbortedBeforeNextTurn).toBe(true);
    expect(String(childSignals[0]?.reason?.message)).toMatch(/Cell cell-\d+ has ended/);
    const childEnd = ofType(result.trajectory, "node-end").find((event) => event.depth === 1);
    expect(childEnd?.status).toBe("error");
    expect(childEnd?.error?.message).toMatch(/Cell cell-\d+ has ended/);
    const [cellEnd] = ofType(result.trajectory, "cell-end");
    expect(cellEnd?.error).toMatch(/timed out/);
  });

  it("FINAL aborts the host tool calls and sub-calls its cell left running", async () => {
    const toolSignals: AbortSignal[] = [];
    const sub = scriptedModel({ respond: (request) => untilAborted(request) });
    let toolAbortedBeforeNextTurn: boolean | undefined;
    const root = scriptedModel({
      respond: (_request, index) => {
        if (index === 0) return repl("slow({}); llm_query('never awaited'); FINAL('early')");
        return "unused";
      },
    });
    const rlm = createRLM({
      model: root,
      subModel: sub,
      sandbox: vmSandbox(),
      retry: { maxRetries: 0 },
      tools: {
        slow: (_args, { abortSignal }) => {
          toolSignals.push(abortSignal);
          return untilAborted({ abortSignal });
        },
      },
      sinks: [
        {
          onEvent(event) {
            // Observed when the cell closes: by then what it started has been told to stop.
            if (event.type === "cell-end") {
              toolAbortedBeforeNextTurn = toolSignals.every((signal) => signal.aborted);
            }
          },
        },
      ],
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("early");
    expect(toolSignals).toHaveLength(1);
    expect(toolAbortedBeforeNextTurn).toBe(true);
    expect(String(toolSignals[0]?.reason?.message)).toMatch(/Cell cell-\d+ has ended/);
    const [subEnd] = ofType(result.trajectory, "subcall-end");
    expect(subEnd?.error?.message).toMatch(/Cell cell-\d+ has ended/);
    const [toolEnd] = ofType(result.trajectory, "tool-call-end");
    expect(toolEnd?.error?.message).toMatch(/Cell cell-\d+ has ended/);
  });
});
