import { describe, expect, it } from "vitest";
import { ConfigurationError, createRLM, type RLMEvent, type RunStartEvent } from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { repl } from "./fixtures.js";

/** A root model whose every turn asks `llm_query` (optionally by name) and finishes with its reply. */
function askingRoot(modelId: string, modelName?: string) {
  const option = modelName ? `, { model: ${JSON.stringify(modelName)} }` : "";
  return scriptedModel({
    modelId,
    respond: () => repl(`FINAL(await llm_query('hi'${option}))`),
  });
}

function answering(modelId: string) {
  return scriptedModel({ modelId, respond: () => `from ${modelId}` });
}

function runStart(events: readonly RLMEvent[]): RunStartEvent {
  const event = events.find((entry): entry is RunStartEvent => entry.type === "run-start");
  if (!event) throw new Error("No run-start event.");
  return event;
}

describe("per-call overrides of complete() and stream()", () => {
  it("replace the root and sub models for that call only", async () => {
    const defaultRoot = askingRoot("default-root");
    const defaultSub = answering("default-sub");
    const rlm = createRLM({ model: defaultRoot, subModel: defaultSub, sandbox: vmSandbox() });
    const callRoot = askingRoot("call-root");
    const callSub = answering("call-sub");

    const overridden = await rlm.complete({
      context: "c",
      query: "q",
      models: { root: callRoot, sub: callSub },
    });
    expect(overridden.answer).toBe("from call-sub");
    expect([callRoot.calls.length, callSub.calls.length]).toEqual([1, 1]);
    expect(Object.keys(overridden.usage.byModel).sort()).toEqual([
      "scripted:call-root",
      "scripted:call-sub",
    ]);

    const next = await rlm.complete({ context: "c", query: "q" });
    expect(next.answer).toBe("from default-sub");
    expect([defaultRoot.calls.length, defaultSub.calls.length]).toEqual([1, 1]);
    expect([callRoot.calls.length, callSub.calls.length]).toEqual([1, 1]);
  });

  it("merge named models over the RLM's by name, for that call only", async () => {
    const rlm = createRLM({
      model: askingRoot("root", "extra"),
      models: { cheap: answering("cheap") },
      sandbox: vmSandbox(),
    });
    const extra = answering("extra");
    const result = await rlm.complete({ context: "c", query: "q", models: { named: { extra } } });
    expect(result.answer).toBe("from extra");

    const next = await rlm.complete({ context: "c", query: "q", maxIterations: 1 });
    const cell = next.trajectory.find((event) => event.type === "cell-end");
    expect(cell).toMatchObject({
      error: 'UnknownModelError: Unknown model "extra". Allowed names: cheap.',
    });
    expect(extra.calls).toHaveLength(1);
  });

  it("take limits field by field and maxIterations / maxDepth, shown on run-start", async () => {
    const rlm = createRLM({
      model: askingRoot("root"),
      subModel: answering("sub"),
      sandbox: vmSandbox(),
      maxIterations: 7,
      limits: { maxSubCalls: 50, timeoutMs: 60_000 },
    });
    const overridden = await rlm.complete({
      context: "c",
      query: "q",
      limits: { maxSubCalls: 5 },
      maxIterations: 3,
      maxDepth: 2,
    });
    expect(runStart(overridden.trajectory).limits).toMatchObject({
      maxIterations: 3,
      maxDepth: 2,
      maxSubCalls: 5,
      timeoutMs: 60_000,
    });
    const next = await rlm.complete({ context: "c", query: "q" });
    expect(runStart(next.trajectory).limits).toMatchObject({
      maxIterations: 7,
      maxDepth: 1,
      maxSubCalls: 50,
    });

    const spent = rlm.complete({ context: "c", query: "q", limits: { maxSubCalls: 0 } });
    await expect(spent).rejects.toMatchObject({
      name: "BudgetExceededError",
      limit: "maxSubCalls",
    });
  });

  it("merge provider options provider by provider into every request of that call", async () => {
    const root = askingRoot("root");
    const sub = answering("sub");
    const rlm = createRLM({
      model: root,
      subModel: sub,
      sandbox: vmSandbox(),
      providerOptions: { openai: { reasoningEffort: "low", store: false } },
    });
    await rlm.complete({
      context: "c",
      query: "q",
      providerOptions: { openai: { reasoningEffort: "high" }, anthropic: { cacheTtl: "1h" } },
    });
    const merged = {
      openai: { reasoningEffort: "high", store: false },
      anthropic: { cacheTtl: "1h" },
    };
    expect(root.calls[0]?.providerOptions).toEqual(merged);
    expect(sub.calls[0]?.providerOptions).toEqual(merged);

    await rlm.complete({ context: "c", query: "q" });
    expect(root.calls[1]?.providerOptions).toEqual({
      openai: { reasoningEffort: "low", store: false },
    });
  });

  it("reject an override that cannot work, in complete() and in stream(), and leave the RLM as it was", async () => {
    const rlm = createRLM({
      model: askingRoot("root"),
      subModel: answering("sub"),
      sandbox: vmSandbox(),
    });
    await expect(rlm.complete({ context: "c", query: "q", maxIterations: 0 })).rejects.toThrow(
      ConfigurationError,
    );
    await expect(
      rlm.complete({ context: "c", query: "q", limits: { maxCostUsd: 1 } }),
    ).rejects.toThrow("scripted:root");
    const streamed = async () => {
      for await (const _event of rlm.stream({ context: "c", query: "q", maxDepth: -1 })) {
        // An invalid override ends the stream before any event.
      }
    };
    await expect(streamed()).rejects.toThrow("`maxDepth` must be an integer >= 0.");
    expect((await rlm.complete({ context: "c", query: "q" })).answer).toBe("from sub");
  });

  it("apply to stream() and to one question of a session", async () => {
    const rlm = createRLM({
      model: askingRoot("root"),
      subModel: answering("sub"),
      sandbox: vmSandbox(),
    });
    const events: RLMEvent[] = [];
    for await (const event of rlm.stream({
      context: "c",
      query: "q",
      models: { sub: answering("streamed-sub") },
    })) {
      events.push(event);
    }
    expect(events.at(-1)).toMatchObject({
      type: "run-end",
      result: { answer: "from streamed-sub" },
    });

    const session = rlm.session({ context: "c" });
    try {
      const first = await session.complete({
        query: "q1",
        models: { sub: answering("question-sub") },
      });
      expect(first.answer).toBe("from question-sub");
      const second = await session.complete({ query: "q2" });
      expect(second.answer).toBe("from sub");
    } finally {
      await session.close();
    }
  });
});
