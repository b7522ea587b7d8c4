import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createRLM,
  type RLMEvent,
  readTrajectory,
  type Sandbox,
  trajectoryFileSink,
} from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { repl } from "./fixtures.js";

const folder = mkdtempSync(join(tmpdir(), "rlm-core-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function twoTurnRLM(sinks: Parameters<typeof createRLM>[0]["sinks"] = []) {
  const model = scriptedModel({
    replies: [repl("const r = await llm_query('hi')"), repl("FINAL(r)")],
    respond: undefined,
  });
  const sub = scriptedModel({ respond: () => "hello" });
  return createRLM({ model, subModel: sub, sandbox: vmSandbox(), sinks });
}

describe("events", () => {
  it("a cell-end event counts the late calls the sandbox dropped", async () => {
    const base = vmSandbox();
    const sandbox: Sandbox = {
      language: base.language,
      createSession: async (options) => {
        const session = await base.createSession(options);
        return {
          ...session,
          execute: async (code, executeOptions) => ({
            ...(await session.execute(code, executeOptions)),
            lateCallsDropped: 2,
          }),
        };
      },
    };
    const model = scriptedModel({ replies: [repl("1"), "FINAL(done)"] });
    const events: RLMEvent[] = [];
    for await (const event of createRLM({ model, sandbox }).stream({ context: "c", query: "q" }))
      events.push(event);
    const cellEnd = events.find((event) => event.type === "cell-end");
    expect(cellEnd?.type === "cell-end" && cellEnd.lateCallsDropped).toBe(2);
  });

  it("streams typed events in order, ending with run-end holding the result", async () => {
    const events: RLMEvent[] = [];
    for await (const event of twoTurnRLM().stream({ context: "c", query: "q" })) events.push(event);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
    expect(events[0]?.type).toBe("run-start");
    const last = events.at(-1);
    expect(last?.type === "run-end" && last.result?.answer).toBe("hello");
    const types = events.map((event) => event.type);
    expect(types).toEqual([
      "run-start",
      "node-start",
      "iteration-start",
      "model-call-start",
      "model-call-end",
      "cell-start",
      "subcall-start",
      "model-call-start",
      "model-call-end",
      "subcall-end",
      "cell-end",
      "iteration-start",
      "model-call-start",
      "model-call-end",
      "cell-start",
      "cell-end",
      "node-end",
      "run-end",
    ]);
    const cellStart = events.find((event) => event.type === "cell-start");
    const subStart = events.find((event) => event.type === "subcall-start");
    const subModelCall = events.filter((event) => event.type === "model-call-start")[1];
    expect(subStart?.type === "subcall-start" && subStart.cellId).toBe(
      cellStart?.type === "cell-start" && cellStart.cellId,
    );
    expect(subModelCall?.type === "model-call-start" && subModelCall.cellId).toBe(
      cellStart?.type === "cell-start" && cellStart.cellId,
    );
    expect(subModelCall?.type === "model-call-start" && subModelCall.subcallId).toBe(
      subStart?.type === "subcall-start" && subStart.callId,
    );
  });

  it("closes a cell interrupted by an abort before the run ends", async () => {
    const controller = new AbortController();
    const model = scriptedModel({ replies: [repl("await llm_query('slow')")] });
    const sub = scriptedModel({
      respond: () => {
        setTimeout(() => controller.abort(new Error("stop")), 5);
        return { text: "late", delayMs: 60_000 };
      },
    });
    const events: RLMEvent[] = [];
    const rlm = createRLM({
      model,
      subModel: sub,
      sandbox: vmSandbox(),
      sinks: [{ onEvent: (event) => events.push(event) }],
    });
    await expect(
      rlm.complete({ context: "c", query: "q", abortSignal: controller.signal }),
    ).rejects.toThrow();
    const starts = events.filter((event) => event.type === "cell-start").length;
    const ends = events.filter((event) => event.type === "cell-end");
    expect(starts).toBe(1);
    expect(ends).toHaveLength(1);
    expect(ends[0]?.type === "cell-end" && ends[0].error).toContain("RunAbortedError");
    expect(events.at(-1)?.type).toBe("run-end");
  });

  it("aborts the run when the consumer stops reading early", async () => {
    const model = scriptedModel({ respond: () => ({ text: repl("1"), delayMs: 50 }) });
    const rlm = createRLM({ model, sandbox: vmSandbox() });
    for await (const event of rlm.stream({ context: "c", query: "q" })) {
      if (event.type === "model-call-start") break;
    }
    expect(model.calls).toHaveLength(1);
  });

  it("writes a JSONL trajectory that reads back to the same events", async () => {
    const path = join(folder, "nested", "run.jsonl");
    const result = await twoTurnRLM([trajectoryFileSink(path)]).complete({
      context: "c",
      query: "q",
    });
    const events = await readTrajectory(path);
    expect(events).toHaveLength(result.trajectory.length);
    expect(events.map((event) => event.type)).toEqual(result.trajectory.map((event) => event.type));
    expect(events.at(-1)).toMatchObject({ type: "run-end", result: { answer: "hello" } });
  });

  it("names the line of a broken trajectory file", async () => {
    const { writeFileSync } = await import("node:fs");
    const path = join(folder, "broken.jsonl");
    writeFileSync(path, '{"type":"run-start"}\n{broken\n');
    await expect(readTrajectory(path)).rejects.toThrow(/broken\.jsonl:2/);
  });

  it("puts the run's name on run-start, and refuses a bad one before anything runs", async () => {
    const result = await twoTurnRLM().complete({
      context: "c",
      query: "q",
      name: "nightly triage",
    });
    const start = result.trajectory[0];
    expect(start?.type === "run-start" && start.name).toBe("nightly triage");
    const unnamed = await twoTurnRLM().complete({ context: "c", query: "q" });
    expect(unnamed.trajectory[0]).not.toHaveProperty("name");

    const events: RLMEvent[] = [];
    const rlm = twoTurnRLM([{ onEvent: (event) => events.push(event) }]);
    for (const name of ["", "  ", "two\nlines", "x".repeat(201), 42 as unknown as string]) {
      await expect(rlm.complete({ context: "c", query: "q", name })).rejects.toThrow(/`name`/);
      const stream = rlm.stream({ context: "c", query: "q", name });
      await expect(stream[Symbol.asyncIterator]().next()).rejects.toThrow(/`name`/);
    }
    expect(events).toEqual([]);
  });

  it("keeps running when a sink throws", async () => {
    const result = await twoTurnRLM([
      {
        onEvent() {
          throw new Error("sink failure");
        },
      },
    ]).complete({ context: "c", query: "q" });
    expect(result.answer).toBe("hello");
  });
});
