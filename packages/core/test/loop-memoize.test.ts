import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  createRLM,
  type GenerateRequest,
  inMemorySubCallCache,
  ProviderError,
  type RLMEvent,
  type RLMOptions,
  withFallbacks,
} from "../src/index.js";
import { sqliteSubCallCache } from "../src/sqlite-cache/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { repl } from "./fixtures.js";

const priced = { inputPerMillionUsd: 1, outputPerMillionUsd: 2 };
const promptOf = (request: GenerateRequest) => {
  const content = request.messages.at(-1)?.content ?? "";
  return typeof content === "string" ? content : "";
};

/** A sub-model answering `re:<prompt>` after a short wait, so parallel requests overlap. */
function echoModel(modelId = "sub") {
  return scriptedModel({
    modelId,
    pricing: priced,
    respond: (request) => ({ text: `re:${promptOf(request)}`, delayMs: 10 }),
  });
}

/** A root model that runs `code` once and finishes with what it printed. */
function rootRunning(code: string) {
  return scriptedModel({ pricing: priced, respond: () => repl(code) });
}

function ofType<T extends RLMEvent["type"]>(events: readonly RLMEvent[], type: T) {
  return events.filter((event): event is Extract<RLMEvent, { type: T }> => event.type === type);
}

function rlmWith(
  options: Pick<RLMOptions, "model" | "subModel" | "memoize"> & Partial<RLMOptions>,
) {
  return createRLM({ sandbox: vmSandbox(), retry: { maxRetries: 0 }, ...options });
}

describe("memoised sub-calls within a run", () => {
  const twice =
    'const a = await llm_query("same"); const b = await llm_query("same"); FINAL(a + "|" + b)';

  it("answers two identical llm_query calls with one model call, and books the second as a free hit", async () => {
    const sub = echoModel();
    const rlm = rlmWith({ model: rootRunning(twice), subModel: sub, memoize: true });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("re:same|re:same");
    expect(sub.calls).toHaveLength(1);
    expect(result.subCalls).toBe(2);
    expect(result.usage.byTier.sub).toMatchObject({ calls: 1, cacheHits: 1 });
    expect(result.usage.total.cacheHits).toBe(1);

    const subEnds = ofType(result.trajectory, "model-call-end").filter(
      (event) => event.tier === "sub",
    );
    expect(subEnds.map((event) => event.cached)).toEqual([undefined, true]);
    expect(subEnds[1]).toMatchObject({ usage: { inputTokens: 0, outputTokens: 0 }, costUsd: 0 });
    expect(subEnds[1]!.text).toBe("re:same");
    expect(ofType(result.trajectory, "subcall-end").map((event) => event.cached)).toEqual([
      undefined,
      true,
    ]);
    // The hit costs nothing: the run's cost is the root turn and one sub-call.
    const paid = ofType(result.trajectory, "model-call-end").filter((event) => !event.cached);
    expect(result.costUsd).toBeCloseTo(
      paid.reduce((total, event) => total + (event.costUsd ?? 0), 0),
      12,
    );
  });

  it("is off by default: repeating a prompt asks the model again", async () => {
    const sub = echoModel();
    const rlm = rlmWith({ model: rootRunning(twice), subModel: sub });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(sub.calls).toHaveLength(2);
    expect(result.usage.total.cacheHits).toBe(0);
  });

  it("lets identical requests in flight at once share one model call", async () => {
    const sub = echoModel();
    const rlm = rlmWith({
      model: rootRunning('FINAL((await llm_query_batched(["p", "p", "p", "q"])).join(","))'),
      subModel: sub,
      memoize: true,
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("re:p,re:p,re:p,re:q");
    expect(sub.calls.map(promptOf).sort()).toEqual(["p", "q"]);
    expect(result.usage.total.cacheHits).toBe(2);
  });

  it("never keeps a failed call: the next identical request, even one waiting on it, asks again", async () => {
    let failures = 1;
    const sub = scriptedModel({
      pricing: priced,
      respond: (request) =>
        failures-- > 0
          ? { error: new Error("provider down"), delayMs: 10 }
          : { text: `re:${promptOf(request)}`, delayMs: 10 },
    });
    const rlm = rlmWith({
      model: rootRunning(
        'const first = await llm_query_batched(["p", "p"]); const again = await llm_query("p"); FINAL([...first, again].join(","))',
      ),
      subModel: sub,
      memoize: true,
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    // The first request failed; the one waiting on it asked itself; the third reused that.
    expect(result.answer).toBe("Error: provider down,re:p,re:p");
    expect(sub.calls).toHaveLength(2);
    expect(result.usage.total).toMatchObject({ calls: 2, failedCalls: 1, cacheHits: 1 });
  });

  it("memoises rlm_query's plain call at maxDepth, never a child RLM's own turns", async () => {
    const sub = echoModel();
    const atMaxDepth = rlmWith({
      model: rootRunning(
        'const a = await rlm_query("ask"); const b = await rlm_query("ask"); FINAL(a + b)',
      ),
      subModel: sub,
      maxDepth: 0,
      memoize: true,
    });
    expect((await atMaxDepth.complete({ context: "c", query: "q" })).answer).toBe("re:askre:ask");
    expect(sub.calls).toHaveLength(1);

    const child = scriptedModel({ respond: () => repl('FINAL("child")') });
    const withChildren = rlmWith({
      model: rootRunning(
        'const a = await rlm_query("ask", "ctx"); const b = await rlm_query("ask", "ctx"); FINAL(a + b)',
      ),
      subModel: sub,
      depthModels: [child],
      memoize: true,
    });
    const result = await withChildren.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("childchild");
    expect(child.calls).toHaveLength(2);
    expect(result.usage.total.cacheHits).toBe(0);
  });

  it("keys typed sub-calls by their schema and image prompts by the images' bytes", async () => {
    const sub = scriptedModel({
      supportsStructuredOutput: true,
      supportsImages: true,
      respond: (request) => (request.responseFormat ? '{"n": 3}' : "a picture"),
    });
    const png = (last: number) =>
      `new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, ${last}])`;
    const rlm = rlmWith({
      model: rootRunning(
        [
          'const number = { type: "object", properties: { n: { type: "number" } }, required: ["n"] };',
          'const integer = { type: "object", properties: { n: { type: "integer" } }, required: ["n"] };',
          'const typed = [await llm_query("n?", { schema: number }), await llm_query("n?", { schema: number }), await llm_query("n?", { schema: integer })];',
          `const seen = [await llm_query(["what?", { type: "image", data: ${png(13)} }]), await llm_query(["what?", { type: "image", data: ${png(13)} }]), await llm_query(["what?", { type: "image", data: ${png(14)} }])];`,
          "FINAL(JSON.stringify([typed, seen]))",
        ].join("\n"),
      ),
      subModel: sub,
      memoize: true,
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(JSON.parse(result.answer)).toEqual([
      [{ n: 3 }, { n: 3 }, { n: 3 }],
      ["a picture", "a picture", "a picture"],
    ]);
    // One request per distinct schema, and one per distinct image.
    expect(sub.calls).toHaveLength(4);
    expect(result.usage.total.cacheHits).toBe(2);
  });

  it("refuses a cache without get and set, saying what to pass", () => {
    expect(() =>
      rlmWith({
        model: echoModel(),
        subModel: echoModel(),
        memoize: { cache: {} as never },
      }),
    ).toThrow("`memoize.cache` must have `get(key)` and `set(key, entry)` methods");
  });
});

describe("memoised sub-calls across runs", () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  const askThree = 'FINAL((await llm_query_batched(["s1", "s2", "s3"])).join(","))';

  it("reuses replies from an in-memory cache shared by two RLMs", async () => {
    const cache = inMemorySubCallCache();
    const sub = echoModel();
    const first = rlmWith({ model: rootRunning(askThree), subModel: sub, memoize: { cache } });
    await first.complete({ context: "c", query: "q" });
    expect(sub.calls).toHaveLength(3);

    const second = rlmWith({ model: rootRunning(askThree), subModel: sub, memoize: { cache } });
    const result = await second.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("re:s1,re:s2,re:s3");
    expect(sub.calls).toHaveLength(3);
    expect(result.usage.total.cacheHits).toBe(3);
    expect(result.usage.byTier.sub).toMatchObject({ calls: 0, cacheHits: 3 });
  });

  it("reuses replies from a SQLite file in a later run, until they are older than ttlMs", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rlm-memoize-"));
    folders.push(folder);
    const path = join(folder, "subcalls.db");
    let now = 1_000_000;
    const sub = echoModel();
    const runWithFreshCache = async () => {
      const cache = sqliteSubCallCache({ path, ttlMs: 60_000, now: () => now });
      try {
        const rlm = rlmWith({ model: rootRunning(askThree), subModel: sub, memoize: { cache } });
        return await rlm.complete({ context: "c", query: "q" });
      } finally {
        cache.close();
      }
    };

    await runWithFreshCache();
    expect(sub.calls).toHaveLength(3);

    now += 30_000;
    const second = await runWithFreshCache();
    expect(second.answer).toBe("re:s1,re:s2,re:s3");
    expect(sub.calls).toHaveLength(3);
    expect(second.usage.total.cacheHits).toBe(3);

    now += 60_000;
    const third = await runWithFreshCache();
    expect(sub.calls).toHaveLength(6);
    expect(third.usage.total.cacheHits).toBe(0);
  });

  it("keys replies by model and temperature: a different one asks again", async () => {
    const cache = inMemorySubCallCache();
    const sub = echoModel("sub");
    const other = echoModel("other");
    const code = 'FINAL(await llm_query("same"))';
    await rlmWith({ model: rootRunning(code), subModel: sub, memoize: { cache } }).complete({
      context: "c",
      query: "q",
    });
    await rlmWith({ model: rootRunning(code), subModel: other, memoize: { cache } }).complete({
      context: "c",
      query: "q",
    });
    await rlmWith({
      model: rootRunning(code),
      subModel: sub,
      temperature: 0.7,
      memoize: { cache },
    }).complete({ context: "c", query: "q" });
    expect([sub.calls.length, other.calls.length]).toEqual([2, 1]);
  });

  it("keys a fallback chain by all its models: a reply it got from a fallback is not the first model's", async () => {
    const cache = inMemorySubCallCache();
    const down = scriptedModel({
      modelId: "sub",
      pricing: priced,
      respond: () => ({
        error: new ProviderError({ kind: "server", provider: "scripted", message: "503" }),
      }),
    });
    const backup = echoModel("backup");
    const sub = echoModel("sub");
    const code = 'FINAL(await llm_query("same"))';
    const chained = await rlmWith({
      model: rootRunning(code),
      subModel: withFallbacks([down, backup]),
      memoize: { cache },
    }).complete({ context: "c", query: "q" });
    expect(chained.answer).toBe("re:same");
    expect(backup.calls).toHaveLength(1);

    // The first model alone, with the same cache: the backup's reply is not its own.
    const alone = await rlmWith({
      model: rootRunning(code),
      subModel: sub,
      memoize: { cache },
    }).complete({ context: "c", query: "q" });
    expect(sub.calls).toHaveLength(1);
    expect(alone.usage.total.cacheHits).toBe(0);
  });
});

describe("memoised sub-calls with only a cross-run cache", () => {
  it("keeps successful replies only, and a failure is the cell's error, nothing more", async () => {
    const cache = inMemorySubCallCache();
    let failures = 1;
    const sub = scriptedModel({
      respond: () => (failures-- > 0 ? { error: new Error("provider down") } : "fine"),
    });
    const code =
      'let first; try { first = await llm_query("p") } catch (e) { first = e.message } FINAL(first + "|" + await llm_query("p"))';
    const rlm = rlmWith({
      model: rootRunning(code),
      subModel: sub,
      memoize: { cache, withinRun: false },
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("provider down|fine");
    expect(sub.calls).toHaveLength(2);
    const again = await rlm.complete({ context: "c", query: "q" });
    expect(again.answer).toBe("fine|fine");
    expect(sub.calls).toHaveLength(2);
    expect(again.usage.total.cacheHits).toBe(2);
  });
});
