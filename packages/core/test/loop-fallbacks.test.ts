import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  createRLM,
  type ModelCallEndEvent,
  ProviderError,
  type RLMEvent,
  withFallbacks,
} from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { repl } from "./fixtures.js";

const unavailable = () =>
  new ProviderError({ kind: "server", provider: "first", message: "503 overloaded", status: 503 });
const refused = () =>
  new ProviderError({
    kind: "invalid-request",
    provider: "first",
    message: "400 bad",
    status: 400,
  });

function failing(error: () => Error, modelId = "first-model") {
  return scriptedModel({ provider: "first", modelId, respond: () => ({ error: error() }) });
}

function callEnds(events: readonly RLMEvent[]): ModelCallEndEvent[] {
  return events.filter((event): event is ModelCallEndEvent => event.type === "model-call-end");
}

describe("withFallbacks in a run", () => {
  it("moves to the next model once the first one's retries are spent, booking each attempt under its model", async () => {
    const first = failing(unavailable);
    const second = scriptedModel({
      provider: "second",
      modelId: "second-model",
      pricing: { inputPerMillionUsd: 1, outputPerMillionUsd: 1 },
      replies: [repl("FINAL('answered by the second')")],
    });
    const rlm = createRLM({
      model: withFallbacks([first, second]),
      sandbox: vmSandbox(),
      retry: { maxRetries: 1, initialDelayMs: 1 },
    });
    const result = await rlm.complete({ context: "c", query: "q" });

    expect(result.answer).toBe("answered by the second");
    expect(first.calls).toHaveLength(2);
    expect(second.calls).toHaveLength(1);
    expect(
      callEnds(result.trajectory).map((event) => [
        event.provider,
        event.modelId,
        event.fallbackIndex,
        event.attempt,
        event.error?.message ?? "ok",
      ]),
    ).toEqual([
      ["first", "first-model", 0, 1, "503 overloaded"],
      ["first", "first-model", 0, 2, "503 overloaded"],
      ["second", "second-model", 1, 1, "ok"],
    ]);
    expect(result.usage.byModel["first:first-model"]).toMatchObject({ calls: 0, failedCalls: 2 });
    expect(result.usage.byModel["second:second-model"]).toMatchObject({ calls: 1, failedCalls: 0 });
    expect(callEnds(result.trajectory).at(-1)?.responseModel).toBe("second-model");
  });

  it("keeps the first model while it answers, and answers sub-calls through the chain too", async () => {
    const root = scriptedModel({
      replies: [repl("const a = await llm_query('hi');\nFINAL(a)")],
    });
    const primary = scriptedModel({
      provider: "p",
      modelId: "primary",
      respond: () => "from primary",
    });
    const backup = scriptedModel({
      provider: "b",
      modelId: "backup",
      respond: () => "from backup",
    });
    const rlm = createRLM({
      model: root,
      subModel: withFallbacks([primary, backup]),
      sandbox: vmSandbox(),
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("from primary");
    expect(backup.calls).toHaveLength(0);
    const sub = callEnds(result.trajectory).find((event) => event.tier === "sub");
    expect(sub).toMatchObject({ provider: "p", modelId: "primary", fallbackIndex: 0 });
  });

  it("does not fall back on a refused request, and `on` picks the kinds that do", async () => {
    const answer = () => scriptedModel({ provider: "second", replies: [repl("FINAL('second')")] });
    const strict = createRLM({
      model: withFallbacks([failing(refused), answer()]),
      sandbox: vmSandbox(),
    });
    await expect(strict.complete({ context: "c", query: "q" })).rejects.toThrow("400 bad");

    const lenient = createRLM({
      model: withFallbacks([failing(refused), answer()], { on: ["invalid-request"] }),
      sandbox: vmSandbox(),
    });
    expect((await lenient.complete({ context: "c", query: "q" })).answer).toBe("second");

    const never = createRLM({
      model: withFallbacks([failing(unavailable), answer()], { on: (error) => error === null }),
      sandbox: vmSandbox(),
      retry: { maxRetries: 0 },
    });
    await expect(never.complete({ context: "c", query: "q" })).rejects.toThrow("503 overloaded");
  });

  it("throws the last model's error when every model fails", async () => {
    const rlm = createRLM({
      model: withFallbacks([failing(unavailable), failing(unavailable, "other-model")]),
      sandbox: vmSandbox(),
      retry: { maxRetries: 0 },
    });
    const events: RLMEvent[] = [];
    for await (const event of rlm.stream({ context: "c", query: "q" })) events.push(event);
    expect(callEnds(events).map((event) => event.modelId)).toEqual(["first-model", "other-model"]);
    expect(events.at(-1)).toMatchObject({ type: "run-end", error: { message: "503 overloaded" } });
  });

  it("needs a price for every model of a chain under maxCostUsd, naming the one without", () => {
    const priced = scriptedModel({
      provider: "p",
      modelId: "priced",
      pricing: { inputPerMillionUsd: 1, outputPerMillionUsd: 1 },
    });
    const unpriced = scriptedModel({ provider: "u", modelId: "unpriced" });
    const create = () =>
      createRLM({
        model: withFallbacks([priced, unpriced]),
        sandbox: vmSandbox(),
        limits: { maxCostUsd: 1 },
      });
    expect(create).toThrow(ConfigurationError);
    expect(create).toThrow("u:unpriced");
    expect(() => withFallbacks([])).toThrow(ConfigurationError);
  });
});

describe("withFallbacks outside a run", () => {
  it("gives each model one attempt, in order, and reports what every model supports", async () => {
    const first = failing(unavailable);
    const second = scriptedModel({
      provider: "second",
      modelId: "second-model",
      respond: () => "ok",
    });
    const model = withFallbacks([first, second]);
    const result = await model.generate({ messages: [{ role: "user", content: "hi" }] });
    expect(result.text).toBe("ok");
    expect(result.response.modelId).toBe("second-model");
    expect([first.calls.length, second.calls.length]).toEqual([1, 1]);
    expect(model).toMatchObject({
      provider: "first",
      modelId: "first-model",
      supportsImages: false,
    });
    expect(model.pricing).toBeUndefined();
  });

  it("splices a chain given as one of the models into the chain", async () => {
    const inner = withFallbacks([failing(unavailable, "a"), failing(unavailable, "b")]);
    const last = scriptedModel({ provider: "c", modelId: "c", respond: () => "from c" });
    const rlm = createRLM({
      model: scriptedModel({ replies: [repl("FINAL(await llm_query('hi'))")] }),
      subModel: withFallbacks([inner, last]),
      sandbox: vmSandbox(),
      retry: { maxRetries: 1, initialDelayMs: 1 },
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("from c");
    const sub = callEnds(result.trajectory).filter((event) => event.tier === "sub");
    expect(sub.map((event) => [event.modelId, event.fallbackIndex, event.attempt])).toEqual([
      ["a", 0, 1],
      ["a", 0, 2],
      ["b", 1, 1],
      ["b", 1, 2],
      ["c", 2, 1],
    ]);
  });
});
