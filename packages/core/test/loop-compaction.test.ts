import { describe, expect, it } from "vitest";
import { ConfigurationError, createRLM, type GenerateRequest, messageText } from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { repl } from "./fixtures.js";

const isSummaryRequest = (request: GenerateRequest) =>
  messageText(request.messages[0] ?? { role: "system", content: "" }).startsWith(
    "You compact the working history",
  );

/** Four steps that each print 3,000 characters, then an answer built from all of them. */
function longRunModel(options: { contextWindowTokens?: number } = {}) {
  const steps = [
    repl("globalThis.rows = []\nrows.push('x'.repeat(3000))\nconsole.log(rows[0])"),
    repl("rows.push('y'.repeat(3000))\nconsole.log(rows[1])"),
    repl("rows.push('z'.repeat(3000))\nconsole.log(rows[2])"),
    repl("FINAL(rows.length + ':' + rows.map((row) => row[0]).join(''))"),
  ];
  let step = 0;
  return scriptedModel({
    ...options,
    respond: (request) =>
      isSummaryRequest(request)
        ? "SUMMARY-7: `rows` holds one 3,000-character row per step so far."
        : (steps[step++] ?? "FINAL(out of steps)"),
  });
}

describe("history compaction", () => {
  it("keeps a run within a small window: the model sees the summary, variables survive, the ledger counts it", async () => {
    const model = longRunModel();
    const result = await createRLM({
      model,
      sandbox: vmSandbox(),
      maxOutputTokens: 200,
      compaction: { contextWindowTokens: 2_500 },
    }).complete({ context: "c", query: "Build the rows." });

    expect(result.answer).toBe("3:xyz");
    const summaries = model.calls.filter(isSummaryRequest);
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    expect(result.usage.byTier.compaction?.calls).toBe(summaries.length);
    expect(result.usage.total.calls).toBe(model.calls.length);

    const rootCalls = model.calls.filter((request) => !isSummaryRequest(request));
    const last = rootCalls
      .at(-1)!
      .messages.map((message) => message.content)
      .join("\n");
    expect(last).toContain("SUMMARY-7");
    expect(last).toContain("every variable and function you defined still holds its data");
    expect(last).toContain("Query: Build the rows.");
    // Without compaction the last request would hold all three outputs.
    for (const request of rootCalls) {
      const text = request.messages.map((message) => message.content).join("\n");
      expect(["x", "y", "z"].every((letter) => text.includes(letter.repeat(3000)))).toBe(false);
    }

    const types = result.trajectory.map((event) => event.type);
    expect(types.filter((type) => type === "compaction-start")).toHaveLength(summaries.length);
    const end = result.trajectory.find((event) => event.type === "compaction-end");
    expect(end?.type === "compaction-end" && end.summary).toContain("SUMMARY-7");
    expect(end?.type === "compaction-end" && end.compactedMessages).toBeGreaterThan(0);
    // Never longer: the first turns (the newest output is most of the prompt, and is always
    // kept) are left as they are rather than "compacted" by summarising one short reply.
    const ends = result.trajectory.filter((event) => event.type === "compaction-end");
    result.trajectory
      .filter((event) => event.type === "compaction-start")
      .forEach((start, index) => {
        const compacted = ends[index];
        if (start.type !== "compaction-start" || compacted?.type !== "compaction-end")
          throw new Error("compaction-start without its compaction-end");
        expect(compacted.estimatedTokens).toBeLessThan(start.estimatedTokens);
      });
  });

  it("uses the model's own window, and a named model for the summary", async () => {
    const model = longRunModel({ contextWindowTokens: 2_500 });
    const summarizer = scriptedModel({
      modelId: "summarizer",
      replies: Array(5).fill("SUMMARY-9"),
    });
    const result = await createRLM({
      model,
      models: { cheap: summarizer },
      sandbox: vmSandbox(),
      maxOutputTokens: 200,
      compaction: { model: "cheap" },
    }).complete({ context: "c", query: "q" });
    expect(result.answer).toBe("3:xyz");
    expect(summarizer.calls.length).toBeGreaterThanOrEqual(1);
    expect(model.calls.some(isSummaryRequest)).toBe(false);
    expect(result.usage.byModel["scripted:summarizer"]?.calls).toBe(summarizer.calls.length);
  });

  it("keeps the newest message word for word, also when no turn is kept", async () => {
    const model = longRunModel();
    const result = await createRLM({
      model,
      sandbox: vmSandbox(),
      maxIterations: 3,
      maxOutputTokens: 200,
      compaction: { contextWindowTokens: 2_500, keepRecentTurns: 0 },
    }).complete({ context: "c", query: "q" });
    const rootCalls = model.calls.filter((request) => !isSummaryRequest(request));
    expect(model.calls.some(isSummaryRequest)).toBe(true);
    // The forced final turn still carries its instruction after the summary.
    const last = rootCalls.at(-1)!.messages;
    expect(last.at(-1)?.content).toContain("You have used all your turns");
    expect(last.at(-1)?.content).toContain("SUMMARY-7");
    // Roles alternate: no two user messages in a row.
    for (const request of rootCalls) {
      const roles = request.messages.map((message) => message.role);
      expect(roles.some((role, index) => role === "user" && roles[index - 1] === "user")).toBe(
        false,
      );
    }
    expect(result.iterations).toBe(3);
  });

  it("cuts the removed turns to fit a summariser whose window is smaller", async () => {
    const model = longRunModel({ contextWindowTokens: 3_000 });
    const summarizer = scriptedModel({
      modelId: "small",
      contextWindowTokens: 600,
      respond: () => "SUMMARY-S",
    });
    const result = await createRLM({
      model,
      models: { small: summarizer },
      sandbox: vmSandbox(),
      maxOutputTokens: 200,
      compaction: { model: "small" },
    }).complete({ context: "c", query: "q" });
    expect(result.answer).toBe("3:xyz");
    expect(summarizer.calls.length).toBeGreaterThanOrEqual(1);
    for (const request of summarizer.calls) {
      // Each removed message is cut to its share of the small window, head and tail kept.
      expect(request.messages[1]!.content.length).toBeLessThan(2_000);
      expect(request.messages[1]!.content).toContain("characters omitted");
    }
  });

  it("keeps a long session within the window; a later question stays word for word", async () => {
    const steps = [
      repl("globalThis.rows = ['x'.repeat(3000)]\nconsole.log(rows[0])"),
      repl("rows.push('y'.repeat(3000))\nconsole.log(rows[1])\nFINAL('first done')"),
      repl("rows.push('z'.repeat(3000))\nconsole.log(rows[2])"),
      repl("rows.push('w'.repeat(3000))\nconsole.log(rows[3])"),
      repl("FINAL(query + ': ' + rows.map((row) => row[0]).join(''))"),
    ];
    let step = 0;
    const model = scriptedModel({
      respond: (request) =>
        isSummaryRequest(request)
          ? "SUMMARY-8: rows grows by one row per step"
          : (steps[step++] ?? ""),
    });
    const session = createRLM({
      model,
      sandbox: vmSandbox(),
      maxOutputTokens: 200,
      compaction: { contextWindowTokens: 2_500 },
    }).session({ context: "c" });
    try {
      expect((await session.complete({ query: "first question" })).answer).toBe("first done");
      const second = await session.complete({ query: "second question" });
      expect(second.answer).toBe("second question: xyzw");
      expect(second.usage.byTier.compaction?.calls).toBeGreaterThanOrEqual(1);
      const last = model.calls.filter((request) => !isSummaryRequest(request)).at(-1)!;
      const text = last.messages.map((message) => message.content).join("\n");
      expect(text).toContain("SUMMARY-8");
      expect(text).toContain("Query: second question");
      for (const request of model.calls.filter((call) => !isSummaryRequest(call))) {
        const all = request.messages.map((message) => message.content).join("\n");
        expect(all.split("Query: second question").length - 1).toBeLessThanOrEqual(1);
      }
      expect(last.messages.filter((message) => message.role === "system")).toHaveLength(1);
    } finally {
      await session.close();
    }
  });

  it("needs the window when the model does not report one, and says so", () => {
    const model = scriptedModel({ replies: [] });
    expect(() => createRLM({ model, sandbox: vmSandbox(), compaction: {} })).toThrow(
      /Compaction needs the context window of scripted:scripted-model.*contextWindowTokens/,
    );
    expect(() => createRLM({ model, sandbox: vmSandbox(), compaction: {} })).toThrow(
      expect.objectContaining({ name: ConfigurationError.name }),
    );
  });

  it("is off for a model with an unknown window by default, and with `compaction: false`", async () => {
    for (const options of [{}, { compaction: false as const }]) {
      const model = longRunModel(
        options.compaction === false ? { contextWindowTokens: 2_500 } : {},
      );
      const result = await createRLM({
        model,
        sandbox: vmSandbox(),
        maxOutputTokens: 200,
        ...options,
      }).complete({ context: "c", query: "q" });
      expect(result.answer).toBe("3:xyz");
      expect(model.calls.some(isSummaryRequest)).toBe(false);
    }
  });
});
