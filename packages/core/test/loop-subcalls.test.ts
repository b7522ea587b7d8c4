import { describe, expect, it } from "vitest";
import { createRLM, type GenerateRequest, messageText, type RLMEvent } from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { lastUserMessage, repl } from "./fixtures.js";

const priced = { inputPerMillionUsd: 1, outputPerMillionUsd: 2 };
const promptOf = (request: GenerateRequest) => request.messages.at(-1)?.content ?? "";

describe("sub-calls", () => {
  it("llm_query uses subModel; a named model is picked from code; an unknown name lists the allowed ones", async () => {
    const root = scriptedModel({
      replies: [
        repl(
          "const a = await llm_query('p1')\nconst b = await llm_query('p2', { model: 'cheap' })\nlet c\ntry { await llm_query('p3', { model: 'nope' }) } catch (e) { c = e.message }\nFINAL([a, b, c].join('|'))",
        ),
      ],
    });
    const sub = scriptedModel({ modelId: "sub", respond: (request) => `sub:${promptOf(request)}` });
    const cheap = scriptedModel({
      modelId: "cheap",
      respond: (request) => `cheap:${promptOf(request)}`,
    });
    const rlm = createRLM({ model: root, subModel: sub, models: { cheap }, sandbox: vmSandbox() });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe('sub:p1|cheap:p2|Unknown model "nope". Allowed names: cheap.');
    expect(Object.keys(result.usage.byTier).sort()).toEqual(["cheap", "root", "sub"]);
  });

  it("llm_query_batched runs concurrently under maxConcurrency, keeps order and isolates a failure", async () => {
    let inFlight = 0;
    let peak = 0;
    const sub = scriptedModel({
      respond: async (request) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        const prompt = promptOf(request);
        if (prompt === "p3") return { error: new Error("boom") };
        return `r${prompt.slice(1)}`;
      },
    });
    const root = scriptedModel({
      replies: [
        repl(
          "const prompts = Array.from({ length: 12 }, (_, i) => 'p' + i)\nFINAL((await llm_query_batched(prompts)).join(','))",
        ),
      ],
    });
    const rlm = createRLM({
      model: root,
      subModel: sub,
      sandbox: vmSandbox(),
      limits: { maxConcurrency: 4 },
      retry: { maxRetries: 0 },
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("r0,r1,r2,Error: boom,r4,r5,r6,r7,r8,r9,r10,r11");
    expect(peak).toBe(4);
    expect(result.usage.byTier.sub).toMatchObject({ calls: 11, failedCalls: 1 });
  });

  it("rlm_query starts a child RLM with its own sandbox at depth 1, which uses depthModels", async () => {
    const root = scriptedModel({
      replies: [
        repl(
          "const answers = await rlm_query_batched([{ prompt: 'count a', context: 'aaa' }, { prompt: 'count b', context: 'bb' }])\nFINAL(answers.join('+'))",
        ),
      ],
    });
    const child = scriptedModel({
      modelId: "child",
      respond: () => repl("FINAL(String(context.length))"),
    });
    const rlm = createRLM({ model: root, depthModels: [child], sandbox: vmSandbox() });
    const result = await rlm.complete({ context: "root context", query: "q" });
    expect(result.answer).toBe("3+2");
    expect(result.depthReached).toBe(1);
    const childStarts = result.trajectory.filter(
      (event): event is Extract<RLMEvent, { type: "node-start" }> =>
        event.type === "node-start" && event.depth === 1,
    );
    expect(childStarts.map((event) => [event.tier, event.model])).toEqual([
      ["depth-1", "child"],
      ["depth-1", "child"],
    ]);
    expect(result.usage.byTier["depth-1"]?.calls).toBe(2);
  });

  it("at maxDepth rlm_query degrades to a plain sub-model call", async () => {
    const root = scriptedModel({ replies: [repl("FINAL(await rlm_query('summarize', 'tiny'))")] });
    const sub = scriptedModel({ respond: (request) => `plain:${promptOf(request)}` });
    const rlm = createRLM({ model: root, subModel: sub, sandbox: vmSandbox(), maxDepth: 0 });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("plain:summarize\n\ntiny");
    expect(result.depthReached).toBe(0);
  });

  it("maxPromptChars holds on every path: llm_query, a child's query, and rlm_query at maxDepth with its context", async () => {
    const code = [
      "const errors = []",
      "const calls = [() => llm_query('x'.repeat(101)), () => rlm_query('x'.repeat(101)), () => rlm_query('ask', 'y'.repeat(100))]",
      "for (const call of calls) {",
      "  try { await call() } catch (e) { errors.push(e.message) }",
      "}",
      "FINAL(errors.join('\\n'))",
    ].join("\n");
    for (const maxDepth of [0, 1]) {
      const sub = scriptedModel({ respond: () => "should not be asked" });
      const child = scriptedModel({ respond: () => repl("FINAL(context.length)") });
      const rlm = createRLM({
        model: scriptedModel({ replies: [repl(code)] }),
        subModel: sub,
        depthModels: [child],
        sandbox: vmSandbox(),
        maxDepth,
        maxPromptChars: 100,
      });
      const result = await rlm.complete({ context: "c", query: "q" });
      const errors = String(result.answer).split("\n");
      const tooLong = "The prompt has 101 characters; at most 100 are allowed (maxPromptChars).";
      expect(errors.slice(0, 2)).toEqual([tooLong, tooLong]);
      if (maxDepth === 0) {
        // At maxDepth the context is appended to the prompt: that text is what is checked.
        expect(errors[2]).toMatch(/context appended has 105 characters; at most 100/);
        expect(result.subCalls).toBe(0);
      } else {
        // A child keeps its context in its sandbox: only the query is a prompt.
        expect(errors).toHaveLength(2);
        expect(child.calls).toHaveLength(1);
      }
      expect(sub.calls).toHaveLength(0);
    }
  });

  it("keeps one ledger across depth 2 with parallel children, every call exactly once", async () => {
    // Each node at depth < 2 starts two children in parallel and sums their answers; leaves
    // answer with one llm_query each.
    const model = scriptedModel({
      pricing: priced,
      respond: (request) => {
        const found = request.messages.find((message) => message.role === "user");
        const user = found ? messageText(found) : "";
        const depth = Number(/Query: level (\d)/.exec(user)?.[1] ?? 0);
        const seen = lastUserMessage(request);
        if (seen.includes("Cell output")) return "FINAL_VAR(total)";
        if (depth < 2) {
          return repl(
            `const parts = await Promise.all([rlm_query('level ${depth + 1}', 'x'), rlm_query('level ${depth + 1}', 'y')])\nconst total = String(parts.reduce((sum, part) => sum + Number(part), 0))`,
          );
        }
        return repl("FINAL(String((await llm_query('leaf')).length))");
      },
    });
    const rlm = createRLM({ model, sandbox: vmSandbox(), maxDepth: 2 });
    const result = await rlm.complete({ context: "c", query: "level 0" });
    const modelCallEnds = result.trajectory.filter((event) => event.type === "model-call-end");
    expect(result.usage.total.calls).toBe(model.calls.length);
    expect(modelCallEnds).toHaveLength(model.calls.length);
    // root 2 turns + 2 children x 2 turns + 4 grandchildren x (1 turn + 1 llm_query)
    expect(model.calls.length).toBe(2 + 4 + 8);
    expect(result.usage.byDepth["0"]?.calls).toBe(2);
    expect(result.usage.byDepth["1"]?.calls).toBe(4);
    expect(result.usage.byDepth["2"]?.calls).toBe(8);
    const sumOfCosts = modelCallEnds.reduce(
      (sum, event) => sum + (event.type === "model-call-end" ? (event.costUsd ?? 0) : 0),
      0,
    );
    expect(result.costUsd).toBeCloseTo(sumOfCosts, 12);
    const rootEnd = result.trajectory.find(
      (event) => event.type === "node-end" && event.depth === 0,
    );
    expect(rootEnd?.type === "node-end" && rootEnd.subtreeCostUsd).toBeCloseTo(sumOfCosts, 12);
    expect(result.subCalls).toBe(2 + 4 + 4);
  });

  it("a sub-call the code never awaited is stopped when the run ends, and booked before run-end", async () => {
    // Replies after 10 minutes: only stopping them ends the run before the test's ceiling.
    const sub = scriptedModel({ respond: () => ({ text: "late", delayMs: 600_000 }) });
    const root = scriptedModel({
      replies: [
        repl("llm_query('never awaited'); rlm_query('child never awaited'); FINAL('done')"),
      ],
    });
    const child = scriptedModel({ respond: () => ({ text: "child turn", delayMs: 600_000 }) });
    const rlm = createRLM({
      model: root,
      subModel: sub,
      depthModels: [child],
      sandbox: vmSandbox(),
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toBe("done");
    expect(sub.calls[0]?.abortSignal?.aborted).toBe(true);
    expect(child.calls[0]?.abortSignal?.aborted).toBe(true);
    const types = result.trajectory.map((event) => event.type);
    expect(types.at(-1)).toBe("run-end");
    expect(types.filter((type) => type === "subcall-end")).toHaveLength(2);
    expect(types.filter((type) => type === "model-call-end")).toHaveLength(3);
    expect(result.usage.total).toMatchObject({ calls: 1, failedCalls: 2 });
  });

  it("calls user tools registered on the host", async () => {
    const root = scriptedModel({ replies: [repl("FINAL(await lookup({ id: 7 }))")] });
    const rlm = createRLM({
      model: root,
      sandbox: vmSandbox(),
      tools: { lookup: (args) => `found ${(args as { id: number }).id}` },
    });
    expect((await rlm.complete({ context: "c", query: "q" })).answer).toBe("found 7");
  });

  it("announces every tool call, with its arguments and result or error", async () => {
    const root = scriptedModel({
      replies: [
        repl(
          'const a = await lookup({ id: 7 });\nlet b;\ntry { await broken({}) } catch (e) { b = String(e.message) }\nFINAL(a + " / " + b)',
        ),
      ],
    });
    const rlm = createRLM({
      model: root,
      sandbox: vmSandbox(),
      tools: {
        lookup: (args) => ({ found: (args as { id: number }).id }),
        broken: () => {
          throw new Error("the index is down");
        },
      },
    });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toContain("the index is down");
    const tools = result.trajectory.filter(
      (event) => event.type === "tool-call-start" || event.type === "tool-call-end",
    );
    const cellId = result.trajectory.find((event) => event.type === "cell-start")?.cellId;
    expect(tools.map((event) => [event.type, event.name, event.cellId])).toEqual([
      ["tool-call-start", "lookup", cellId],
      ["tool-call-end", "lookup", cellId],
      ["tool-call-start", "broken", cellId],
      ["tool-call-end", "broken", cellId],
    ]);
    expect(tools[0]).toMatchObject({ args: '{"id":7}' });
    expect(tools[1]).toMatchObject({ result: '{"found":7}', callId: tools[0]?.callId });
    expect(tools[3]).toMatchObject({ error: { message: "the index is down" } });
    expect(tools[3]?.type === "tool-call-end" && tools[3].result).toBeUndefined();
    // Tool calls are not sub-calls.
    expect(result.subCalls).toBe(0);
  });

  it("puts a sub-call naming an unknown model in the trace, as a failed sub-call", async () => {
    const root = scriptedModel({
      replies: [
        repl(
          'let why;\ntry { await llm_query("hi", { model: "nope" }) } catch (e) { why = e.message }\nFINAL(why)',
        ),
      ],
    });
    const rlm = createRLM({ model: root, sandbox: vmSandbox() });
    const result = await rlm.complete({ context: "c", query: "q" });
    expect(result.answer).toContain("nope");
    const end = result.trajectory.find((event) => event.type === "subcall-end");
    expect(end).toMatchObject({ kind: "llm", error: { name: "UnknownModelError" } });
  });
});
