import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { createRLM, ProviderError, RunAbortedError } from "@rlm/core";
import { lastMessageText, scriptedModel, vmSandbox } from "@rlm/core/testing";
import { describe, expect, it } from "vitest";
import { inMemoryTelemetry } from "./test-support/in-memory-telemetry.js";
import { childrenOf, parentOf, renderTree, spanId } from "./test-support/span-tree.js";

const PRICING = { inputPerMillionUsd: 1, outputPerMillionUsd: 2 };

function repl(code: string): string {
  return `\`\`\`repl\n${code}\n\`\`\``;
}

function attribute(span: ReadableSpan, name: string): unknown {
  return span.attributes[name];
}

/** The label of a span in rendered trees: its name, node, depth, tier and status. */
function label(span: ReadableSpan): string {
  const parts = [
    span.name,
    `node=${attribute(span, "rlm.node.id")}`,
    `depth=${attribute(span, "rlm.depth")}`,
  ];
  const tier = attribute(span, "rlm.tier");
  if (tier !== undefined) parts.push(`tier=${tier}`);
  if (span.status.code === SpanStatusCode.ERROR)
    parts.push(`error=${attribute(span, "error.type")}`);
  return parts.join(" ");
}

/** A depth-2 run: the root fans out 3 llm_query calls and an rlm_query in parallel. */
function depthTwoRun(telemetry: ReturnType<typeof inMemoryTelemetry>) {
  const sub = scriptedModel({
    provider: "openai",
    modelId: "sub-model",
    pricing: PRICING,
    // Every sub-call waits, so the parallel ones overlap in time.
    respond: (request) => ({ text: `re:${lastMessageText(request)}`, delayMs: 30 }),
  });
  const root = scriptedModel({
    provider: "anthropic",
    modelId: "root-model",
    pricing: PRICING,
    replies: [
      repl(
        [
          "const parts = await Promise.all([",
          '  llm_query("sub a"), llm_query("sub b"), llm_query("sub c"),',
          '  rlm_query("child task", "child context"),',
          "]);",
          'FINAL(parts.join("|"));',
        ].join("\n"),
      ),
    ],
  });
  const child = scriptedModel({
    provider: "anthropic",
    modelId: "child-model",
    pricing: PRICING,
    replies: [
      repl("console.log(context.length)"),
      repl(
        'const inner = await rlm_query("grandchild task", "gc context");\nFINAL("child:" + inner);',
      ),
    ],
  });
  const grandchild = scriptedModel({
    provider: "anthropic",
    modelId: "grandchild-model",
    pricing: PRICING,
    replies: [
      repl('const got = await llm_query_batched(["gc 1", "gc 2"]);\nFINAL(got.join("+"));'),
    ],
  });
  const rlm = createRLM({
    model: root,
    subModel: sub,
    depthModels: [child, grandchild],
    sandbox: vmSandbox(),
    maxDepth: 2,
    limits: { maxCostUsd: 5, maxSubCalls: 100 },
    sinks: [telemetry.sink],
  });
  return rlm.complete({ context: "the root context", query: "what is it?", name: "depth two" });
}

describe("otelSink on a depth-2 run with parallel sub-calls", () => {
  it("builds the exact span tree: agents, cells and chats, sub-calls under their cell", async () => {
    const telemetry = inMemoryTelemetry();
    const result = await depthTwoRun(telemetry);
    expect(result.answer).toBe("re:sub a|re:sub b|re:sub c|child:re:gc 1+re:gc 2");
    const spans = telemetry.spans();
    expect(telemetry.openSpans()).toBe(0);

    const nodes = new Map<string, string>();
    for (const event of result.trajectory) {
      if (event.type === "node-start") nodes.set(event.nodeId, `n${event.depth}`);
    }
    const named = (span: ReadableSpan) =>
      label(span).replace(/node=(\S+)/, (_, id: string) => `node=${nodes.get(id) ?? id}`);

    expect(renderTree(spans, named)).toEqual([
      "invoke_agent rlm node=n0 depth=0 tier=root",
      "  chat root-model node=n0 depth=0 tier=root",
      "  execute_tool repl node=n0 depth=0",
      "    chat sub-model node=n0 depth=0 tier=sub",
      "    chat sub-model node=n0 depth=0 tier=sub",
      "    chat sub-model node=n0 depth=0 tier=sub",
      "    invoke_agent rlm node=n1 depth=1 tier=depth-1",
      "      chat child-model node=n1 depth=1 tier=depth-1",
      "      chat child-model node=n1 depth=1 tier=depth-1",
      "      execute_tool repl node=n1 depth=1",
      "      execute_tool repl node=n1 depth=1",
      "        invoke_agent rlm node=n2 depth=2 tier=depth-2",
      "          chat grandchild-model node=n2 depth=2 tier=depth-2",
      "          execute_tool repl node=n2 depth=2",
      "            chat sub-model node=n2 depth=2 tier=sub",
      "            chat sub-model node=n2 depth=2 tier=sub",
    ]);
  });

  it("runs the parallel sub-calls of one cell as overlapping siblings", async () => {
    const telemetry = inMemoryTelemetry();
    await depthTwoRun(telemetry);
    const spans = telemetry.spans();
    const rootCell = spans.find(
      (span) => span.name === "execute_tool repl" && attribute(span, "rlm.depth") === 0,
    )!;
    const fanOut = childrenOf(spans, rootCell);
    expect(fanOut.map((span) => span.name).sort()).toEqual([
      "chat sub-model",
      "chat sub-model",
      "chat sub-model",
      "invoke_agent rlm",
    ]);
    const starts = fanOut.map((span) => hrMillis(span.startTime));
    const ends = fanOut.map((span) => hrMillis(span.endTime));
    // All started before any ended: they ran at the same time, not one after another.
    expect(Math.max(...starts)).toBeLessThanOrEqual(Math.min(...ends));
    expect(attribute(rootCell, "rlm.subcalls")).toBe(4);
  });

  it("sets GenAI and rlm attributes, with usage only on chat spans", async () => {
    const telemetry = inMemoryTelemetry();
    const result = await depthTwoRun(telemetry);
    const spans = telemetry.spans();
    const rootSpan = childrenOf(spans)[0]!;

    for (const span of spans) {
      expect(attribute(span, "gen_ai.conversation.id")).toBe(result.runId);
      expect(typeof attribute(span, "rlm.node.id")).toBe("string");
      expect(typeof attribute(span, "rlm.depth")).toBe("number");
      const operation = attribute(span, "gen_ai.operation.name");
      if (operation !== "chat") {
        expect(attribute(span, "gen_ai.usage.input_tokens")).toBeUndefined();
        expect(attribute(span, "gen_ai.usage.output_tokens")).toBeUndefined();
      }
    }

    expect(rootSpan.kind).toBe(SpanKind.INTERNAL);
    expect(rootSpan.attributes).toMatchObject({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": "rlm",
      "gen_ai.provider.name": "anthropic",
      "gen_ai.request.model": "root-model",
      "rlm.iterations": 1,
      "rlm.subcalls": 4,
      "rlm.subtree.subcalls": 7,
      "rlm.depth_reached": 2,
      "rlm.limit.max_depth": 2,
      "rlm.limit.max_cost_usd": 5,
      "rlm.limit.max_subcalls": 100,
      "rlm.limit.max_iterations": 30,
      "rlm.limit.max_concurrency": 16,
      // The name is a title, not content: on the root only, with capture off.
      "rlm.run.name": "depth two",
    });
    for (const span of spans) {
      if (span !== rootSpan) expect(attribute(span, "rlm.run.name")).toBeUndefined();
    }
    expect(attribute(rootSpan, "rlm.subtree.cost.usd")).toBeCloseTo(result.costUsd!, 12);
    const rootOwn = result.usage.byDepth["0"]!.costUsd!;
    expect(attribute(rootSpan, "rlm.cost.usd")).toBeCloseTo(rootOwn, 12);
    expect(rootSpan.status.code).toBe(SpanStatusCode.UNSET);

    const chats = spans.filter((span) => attribute(span, "gen_ai.operation.name") === "chat");
    expect(chats).toHaveLength(result.usage.total.calls);
    const sum = (name: string) =>
      chats.reduce((total, span) => total + (attribute(span, name) as number), 0);
    expect(sum("gen_ai.usage.input_tokens")).toBe(result.usage.total.inputTokens);
    expect(sum("gen_ai.usage.output_tokens")).toBe(result.usage.total.outputTokens);
    expect(sum("rlm.cost.usd")).toBeCloseTo(result.costUsd!, 12);

    const subChat = chats.find((span) => attribute(span, "rlm.tier") === "sub")!;
    expect(subChat.kind).toBe(SpanKind.CLIENT);
    expect(subChat.attributes).toMatchObject({
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "sub-model",
      "gen_ai.response.model": "sub-model",
      "gen_ai.response.finish_reasons": ["stop"],
      "rlm.attempt": 1,
      "rlm.iteration": expect.any(Number),
    });
    expect(attribute(subChat, "gen_ai.response.id")).toMatch(/^scripted-\d+$/);

    const cell = spans.find((span) => span.name === "execute_tool repl")!;
    expect(cell.attributes).toMatchObject({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "repl",
      "rlm.iteration": 1,
      "rlm.cell.truncated": false,
      "rlm.cell.state_reset": false,
    });
    // Content is off unless asked for.
    for (const span of spans) {
      for (const name of Object.keys(span.attributes)) {
        expect(name).not.toMatch(/messages|tool\.call\.(arguments|result)/);
      }
    }
  });

  it("uses the event times as span start and end times", async () => {
    const telemetry = inMemoryTelemetry();
    const result = await depthTwoRun(telemetry);
    const spans = telemetry.spans();
    const runStart = result.trajectory.find((event) => event.type === "run-start")!;
    const runEnd = result.trajectory.find((event) => event.type === "run-end")!;
    const rootSpan = childrenOf(spans)[0]!;
    expect(hrMillis(rootSpan.startTime)).toBe(runStart.time);
    expect(hrMillis(rootSpan.endTime)).toBe(runEnd.time);
    const cellEnds = result.trajectory.filter((event) => event.type === "cell-end");
    const cellSpans = spans.filter((span) => span.name === "execute_tool repl");
    expect(cellSpans.map((span) => hrMillis(span.endTime)).sort()).toEqual(
      cellEnds.map((event) => event.time).sort(),
    );
  });

  it("records token usage, duration and cost metrics by model, provider and depth", async () => {
    const telemetry = inMemoryTelemetry();
    const result = await depthTwoRun(telemetry);
    const tokens = await telemetry.metric("gen_ai.client.token.usage");
    expect(tokens?.descriptor.unit).toBe("{token}");
    const points = tokens!.dataPoints as {
      attributes: Record<string, unknown>;
      value: { sum: number; count: number };
    }[];
    const inputSum = points
      .filter((point) => point.attributes["gen_ai.token.type"] === "input")
      .reduce((total, point) => total + point.value.sum, 0);
    expect(inputSum).toBe(result.usage.total.inputTokens);
    const subDepth2 = points.find(
      (point) =>
        point.attributes["gen_ai.request.model"] === "sub-model" &&
        point.attributes["rlm.depth"] === 2 &&
        point.attributes["gen_ai.token.type"] === "output",
    );
    expect(subDepth2?.value.count).toBe(2);
    expect(subDepth2?.attributes["gen_ai.provider.name"]).toBe("openai");

    const duration = await telemetry.metric("gen_ai.client.operation.duration");
    expect(duration?.descriptor.unit).toBe("s");
    const durationPoints = duration!.dataPoints as { value: { count: number; sum: number } }[];
    expect(durationPoints.reduce((total, point) => total + point.value.count, 0)).toBe(
      result.usage.total.calls,
    );
    // The sub-calls waited 30 ms each: durations are in seconds, not milliseconds.
    const totalSeconds = durationPoints.reduce((total, point) => total + point.value.sum, 0);
    expect(totalSeconds).toBeGreaterThan(0.1);
    expect(totalSeconds).toBeLessThan(30);

    const cost = await telemetry.metric("rlm.cost.usd");
    const costPoints = cost!.dataPoints as { value: number }[];
    expect(costPoints.reduce((total, point) => total + point.value, 0)).toBeCloseTo(
      result.costUsd!,
      12,
    );
  });
});

describe("otelSink on a run that waits for sandbox slots", () => {
  it("shows each wait as an rlm.sandbox.wait span under the waiting node", async () => {
    const telemetry = inMemoryTelemetry();
    const root = scriptedModel({
      modelId: "root-model",
      replies: [
        repl(
          "const all = await rlm_query_batched([{ prompt: 'a', context: 'x' }, { prompt: 'b', context: 'y' }, { prompt: 'c', context: 'z' }]);\nFINAL(all.join(''))",
        ),
      ],
    });
    const child = scriptedModel({ modelId: "child-model", respond: () => repl("FINAL('1')") });
    const rlm = createRLM({
      model: root,
      depthModels: [child],
      sandbox: vmSandbox(),
      maxDepth: 1,
      limits: { maxLiveSessions: 2 },
      sinks: [telemetry.sink],
    });
    expect((await rlm.complete({ context: "c", query: "q" })).answer).toBe("111");
    expect(telemetry.openSpans()).toBe(0);
    const spans = telemetry.spans();
    const waits = spans.filter((span) => span.name === "rlm.sandbox.wait");
    // One child at a time: the second and third wait for the first's slot.
    expect(waits).toHaveLength(2);
    const agents = spans.filter((span) => span.name === "invoke_agent rlm");
    for (const wait of waits) {
      const parent = agents.find((agent) => spanId(agent) === parentOf(wait));
      expect(attribute(parent!, "rlm.depth")).toBe(1);
      expect(attribute(wait, "rlm.node.id")).toBe(attribute(parent!, "rlm.node.id"));
      expect(attribute(wait, "rlm.limit.max_live_sessions")).toBe(2);
      expect(attribute(wait, "rlm.sandbox.live_sessions")).toBe(2);
    }
    const rootSpan = agents.find((agent) => attribute(agent, "rlm.depth") === 0)!;
    expect(attribute(rootSpan, "rlm.limit.max_live_sessions")).toBe(2);
  });
});

describe("otelSink on failures", () => {
  it("marks a failed sub-call's chat span and its cell with error status and error.type", async () => {
    const telemetry = inMemoryTelemetry();
    const sub = scriptedModel({
      modelId: "sub-model",
      respond: (request) =>
        lastMessageText(request) === "bad"
          ? {
              error: new ProviderError({
                kind: "invalid-request",
                provider: "scripted",
                status: 400,
                message: "prompt rejected",
              }),
            }
          : `ok:${lastMessageText(request)}`,
    });
    const root = scriptedModel({
      modelId: "root-model",
      replies: [
        repl(
          'const answers = await llm_query_batched(["good", "bad"]);\nprint(answers.join(","));',
        ),
        repl('await llm_query("bad");'),
        repl('FINAL("done")'),
      ],
    });
    const rlm = createRLM({
      model: root,
      subModel: sub,
      sandbox: vmSandbox(),
      sinks: [telemetry.sink],
    });
    expect((await rlm.complete({ context: "c", query: "q" })).answer).toBe("done");
    const spans = telemetry.spans();
    expect(telemetry.openSpans()).toBe(0);

    const failedChats = spans.filter(
      (span) => span.name === "chat sub-model" && span.status.code === SpanStatusCode.ERROR,
    );
    expect(failedChats).toHaveLength(2);
    for (const chat of failedChats) {
      expect(attribute(chat, "error.type")).toBe("ProviderError");
      expect(chat.status.message).toContain("prompt rejected");
      expect(attribute(chat, "gen_ai.usage.input_tokens")).toBeUndefined();
    }
    const goodChat = spans.find(
      (span) => span.name === "chat sub-model" && span.status.code !== SpanStatusCode.ERROR,
    )!;

    const cells = spans
      .filter((span) => span.name === "execute_tool repl")
      .sort(
        (a, b) =>
          (attribute(a, "rlm.iteration") as number) - (attribute(b, "rlm.iteration") as number),
      );
    const [batchCell, throwingCell, finalCell] = cells;
    // The batch caught the failure in its slot: the cell itself succeeded.
    expect(batchCell!.status.code).toBe(SpanStatusCode.UNSET);
    expect(parentOf(goodChat)).toBe(spanId(batchCell!));
    expect(failedChats.map(parentOf).sort()).toEqual(
      [spanId(batchCell!), spanId(throwingCell!)].sort(),
    );
    expect(batchCell!.events.map((event) => event.name)).toEqual(["rlm.subcall.failed"]);
    expect(batchCell!.events[0]!.attributes).toMatchObject({
      "error.type": "ProviderError",
      "rlm.subcall.kind": "llm",
    });
    // The uncaught one failed its cell.
    expect(throwingCell!.status.code).toBe(SpanStatusCode.ERROR);
    expect(attribute(throwingCell!, "error.type")).toBe("ProviderError");
    expect(finalCell!.status.code).toBe(SpanStatusCode.UNSET);
    expect(childrenOf(spans)[0]!.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("marks the chat span of an attempt that may have been billed as estimated, with its usage", async () => {
    const telemetry = inMemoryTelemetry();
    const root = scriptedModel({
      modelId: "root-model",
      pricing: PRICING,
      replies: [
        {
          error: new ProviderError({ kind: "timeout", provider: "scripted", message: "deadline" }),
        },
        repl('FINAL("done")'),
      ],
    });
    const rlm = createRLM({
      model: root,
      sandbox: vmSandbox(),
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
      sinks: [telemetry.sink],
    });
    expect((await rlm.complete({ context: "c", query: "q" })).answer).toBe("done");
    const [timedOut, answered] = telemetry
      .spans()
      .filter((span) => span.name === "chat root-model")
      .sort(
        (a, b) => (attribute(a, "rlm.attempt") as number) - (attribute(b, "rlm.attempt") as number),
      );
    expect(timedOut!.status.code).toBe(SpanStatusCode.ERROR);
    expect(attribute(timedOut!, "rlm.usage.estimated")).toBe(true);
    expect(attribute(timedOut!, "gen_ai.usage.output_tokens")).toBe(8192);
    expect(attribute(timedOut!, "rlm.cost.usd")).toBeGreaterThan(0);
    expect(attribute(answered!, "rlm.usage.estimated")).toBeUndefined();
  });

  it("ends every span of an aborted run, with error status on the interrupted ones", async () => {
    const telemetry = inMemoryTelemetry();
    const controller = new AbortController();
    const sub = scriptedModel({
      modelId: "slow-model",
      respond: () => ({ text: "never", delayMs: 60_000 }),
    });
    const root = scriptedModel({
      modelId: "root-model",
      replies: [repl('await Promise.all([llm_query("x"), llm_query("y"), rlm_query("child")]);')],
    });
    const child = scriptedModel({
      modelId: "child-model",
      replies: [repl('await llm_query("deep")')],
    });
    const rlm = createRLM({
      model: root,
      subModel: sub,
      depthModels: [child],
      sandbox: vmSandbox(),
      sinks: [telemetry.sink],
    });
    const running = rlm.complete({ context: "c", query: "q", abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 150);
    const error = await running.catch((failure: unknown) => failure);
    expect(RunAbortedError.isInstance(error)).toBe(true);

    const spans = telemetry.spans();
    expect(telemetry.openSpans()).toBe(0);
    const rootSpan = childrenOf(spans)[0]!;
    expect(rootSpan.status.code).toBe(SpanStatusCode.ERROR);
    expect(attribute(rootSpan, "error.type")).toBe("RunAbortedError");

    const slowChats = spans.filter((span) => span.name === "chat slow-model");
    expect(slowChats).toHaveLength(3);
    for (const span of slowChats) expect(span.status.code).toBe(SpanStatusCode.ERROR);
    const childAgent = spans.find(
      (span) => span.name === "invoke_agent rlm" && attribute(span, "rlm.depth") === 1,
    )!;
    expect(childAgent.status.code).toBe(SpanStatusCode.ERROR);
    const cells = spans.filter((span) => span.name === "execute_tool repl");
    expect(cells).toHaveLength(2);
    for (const cell of cells) {
      expect(cell.status.code).toBe(SpanStatusCode.ERROR);
      expect(hrMillis(cell.endTime)).toBeLessThanOrEqual(hrMillis(rootSpan.endTime));
    }
    // The child agent still hangs under the root's cell.
    const rootCell = cells.find((cell) => attribute(cell, "rlm.depth") === 0)!;
    expect(parentOf(childAgent)).toBe(spanId(rootCell));
  });

  it("marks the root with the limit a run exceeded", async () => {
    const telemetry = inMemoryTelemetry();
    const root = scriptedModel({
      modelId: "root-model",
      replies: [repl('await llm_query_batched(["a", "b", "c"]);'), repl('FINAL("x")')],
    });
    const rlm = createRLM({
      model: root,
      sandbox: vmSandbox(),
      limits: { maxSubCalls: 2 },
      sinks: [telemetry.sink],
    });
    await expect(rlm.complete({ context: "c", query: "q" })).rejects.toThrow();
    const rootSpan = childrenOf(telemetry.spans())[0]!;
    expect(rootSpan.status.code).toBe(SpanStatusCode.ERROR);
    expect(attribute(rootSpan, "error.type")).toBe("BudgetExceededError");
    expect(attribute(rootSpan, "rlm.limit.exceeded")).toBe("maxSubCalls");
    expect(attribute(rootSpan, "rlm.limit.max_subcalls")).toBe(2);
    expect(telemetry.openSpans()).toBe(0);
  });
});

function hrMillis(time: [number, number]): number {
  return time[0] * 1000 + time[1] / 1e6;
}
