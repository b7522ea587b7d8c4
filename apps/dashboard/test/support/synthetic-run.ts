import { type Attributes, type HrTime, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";

/**
 * Spans shaped like `@rlm/otel`'s for a large run, generated without running one: a root
 * RLM whose cells fan sub-calls out over 16 concurrent lanes and start child RLMs that fan
 * out in turn. Deterministic, so tests and the benchmark see the same run every time.
 */
export interface SyntheticRunOptions {
  runId: string;
  /** Exact number of spans to produce (at least 40). */
  spanCount: number;
  startMs?: number;
  /** Omit the root span, as while the run is still going. */
  withoutRoot?: boolean;
  /** Text of the root's first model reply (to test how untrusted output is shown). */
  rootReply?: string;
}

const LANES = 16;
const PRICE_PER_TOKEN = 0.000_002;

interface Builder {
  runId: string;
  traceId: string;
  spans: ReadableSpan[];
  nextId: number;
  random: () => number;
  rootReply: string;
}

export function syntheticRun(options: SyntheticRunOptions): ReadableSpan[] {
  const { runId } = options;
  let seed = 42;
  const builder: Builder = {
    runId,
    traceId: hex(hash(runId), 32),
    spans: [],
    nextId: 1,
    // A small linear congruential generator: reproducible durations and token counts.
    random: () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    },
    rootReply: options.rootReply ?? "```repl\nconst parts = chunk(context, 40);\n```",
  };
  const fixed = 1 + 3 * 2 + 4 * (1 + 2 * 2);
  const subcalls = Math.max(options.spanCount - fixed, 0);
  const result = node(builder, {
    nodeId: `${runId}-n0`,
    parentNodeId: undefined,
    parentSpanId: undefined,
    depth: 0,
    startMs: options.startMs ?? Date.UTC(2026, 0, 15, 9, 30),
    iterations: 3,
    subcallsPerIteration: split(Math.ceil(subcalls / 2), 3),
    childrenInIteration: 1,
    children: 4,
    childSubcalls: Math.floor(subcalls / 2),
  });
  if (options.withoutRoot) {
    return builder.spans.filter((span) => span.spanContext().spanId !== result.spanId);
  }
  return builder.spans;
}

interface NodeOptions {
  nodeId: string;
  parentNodeId: string | undefined;
  parentSpanId: string | undefined;
  depth: number;
  startMs: number;
  iterations: number;
  subcallsPerIteration: number[];
  /** The iteration (0-based) whose cell starts the children. */
  childrenInIteration: number;
  children: number;
  childSubcalls: number;
}

function node(builder: Builder, options: NodeOptions) {
  const spanId = newSpanId(builder);
  const tier = options.depth === 0 ? "root" : `depth-${options.depth}`;
  const model = options.depth === 0 ? "claude-sonnet-4-5" : "gemini-2.5-flash";
  let time = options.startMs + 2;
  let ownCost = 0;
  let childCost = 0;
  let subcallCount = 0;
  let subtreeSubcalls = 0;
  for (let iteration = 1; iteration <= options.iterations; iteration++) {
    const turn = chat(builder, {
      parentSpanId: spanId,
      nodeId: options.nodeId,
      depth: options.depth,
      iteration,
      tier,
      model,
      startMs: time,
      durationMs: 900 + builder.random() * 1200,
      reply:
        options.depth === 0 && iteration === 1
          ? builder.rootReply
          : `\`\`\`repl\nstep(${iteration})\n\`\`\``,
      failed: false,
    });
    ownCost += turn.cost;
    time = turn.endMs + 1;
    const cellId = newSpanId(builder);
    const cellStart = time;
    const lanes = new Array<number>(LANES).fill(cellStart + 3);
    const calls = options.subcallsPerIteration[iteration - 1] ?? 0;
    let cellSubcalls = 0;
    if (iteration - 1 === options.childrenInIteration) {
      for (let child = 0; child < options.children; child++) {
        const lane = earliestLane(lanes);
        const childResult = node(builder, {
          nodeId: `${options.nodeId}.${child + 1}`,
          parentNodeId: options.nodeId,
          parentSpanId: cellId,
          depth: options.depth + 1,
          startMs: lanes[lane]!,
          iterations: 2,
          subcallsPerIteration: split(
            Math.floor(options.childSubcalls / options.children) +
              (child < options.childSubcalls % options.children ? 1 : 0),
            2,
          ),
          childrenInIteration: -1,
          children: 0,
          childSubcalls: 0,
        });
        lanes[lane] = childResult.endMs + 1;
        childCost += childResult.subtreeCost;
        subtreeSubcalls += childResult.subtreeSubcalls;
        cellSubcalls++;
      }
    }
    for (let call = 0; call < calls; call++) {
      const lane = earliestLane(lanes);
      const subcall = chat(builder, {
        parentSpanId: cellId,
        nodeId: options.nodeId,
        depth: options.depth,
        iteration,
        tier: "sub",
        model: "gpt-5-mini",
        startMs: lanes[lane]!,
        durationMs: 150 + builder.random() * 650,
        reply: `Chunk ${call}: no match.`,
        // One failed attempt in a thousand, as a provider error would leave.
        failed: call % 1000 === 999,
      });
      lanes[lane] = subcall.endMs + 0.5;
      ownCost += subcall.cost;
      cellSubcalls++;
    }
    const cellEnd = Math.max(...lanes) + 2;
    builder.spans.push(
      span(builder, {
        spanId: cellId,
        parentSpanId: spanId,
        name: "execute_tool repl",
        kind: SpanKind.INTERNAL,
        startMs: cellStart,
        endMs: cellEnd,
        attributes: {
          "gen_ai.operation.name": "execute_tool",
          "gen_ai.conversation.id": builder.runId,
          "rlm.node.id": options.nodeId,
          "rlm.depth": options.depth,
          "gen_ai.tool.name": "repl",
          "gen_ai.tool.call.id": `${options.nodeId}-cell-${iteration}`,
          "rlm.iteration": iteration,
          "rlm.subcalls": cellSubcalls,
          "gen_ai.tool.call.arguments": `const answers = await llm_query_batched(chunks.map((chunk) => \`Find the key in:\${chunk}\`));\nconsole.log(answers.filter(Boolean).length); // iteration ${iteration}`,
          "gen_ai.tool.call.result": `${cellSubcalls} answers, 0 matches`,
        },
      }),
    );
    subcallCount += cellSubcalls;
    time = cellEnd + 1;
  }
  const endMs = time + 2;
  const subtreeCost = ownCost + childCost;
  subtreeSubcalls += subcallCount;
  const attributes: Attributes = {
    "gen_ai.operation.name": "invoke_agent",
    "gen_ai.conversation.id": builder.runId,
    "rlm.node.id": options.nodeId,
    "rlm.depth": options.depth,
    "gen_ai.agent.name": "rlm",
    "gen_ai.provider.name": options.depth === 0 ? "anthropic" : "gcp.gemini",
    "gen_ai.request.model": model,
    "rlm.tier": tier,
    "rlm.iterations": options.iterations,
    "rlm.subcalls": subcallCount,
    "rlm.subtree.subcalls": subtreeSubcalls,
    "rlm.cost.usd": ownCost,
    "rlm.subtree.cost.usd": subtreeCost,
    "gen_ai.input.messages": JSON.stringify([
      {
        role: "user",
        parts: [
          {
            type: "text",
            content:
              options.depth === 0 ? "Which chunk holds the key?" : `Search part ${options.nodeId}`,
          },
        ],
      },
    ]),
  };
  if (options.parentNodeId) attributes["rlm.parent_node.id"] = options.parentNodeId;
  if (options.depth === 0) {
    Object.assign(attributes, {
      "rlm.limit.max_depth": 1,
      "rlm.limit.max_iterations": 30,
      "rlm.limit.max_cost_usd": 20,
      "rlm.limit.max_concurrency": LANES,
      "rlm.depth_reached": 1,
    });
  }
  builder.spans.push(
    span(builder, {
      spanId,
      parentSpanId: options.parentSpanId,
      name: "invoke_agent rlm",
      kind: SpanKind.INTERNAL,
      startMs: options.startMs,
      endMs,
      attributes,
    }),
  );
  return { spanId, endMs, subtreeCost, subtreeSubcalls };
}

function chat(
  builder: Builder,
  options: {
    parentSpanId: string;
    nodeId: string;
    depth: number;
    iteration: number;
    tier: string;
    model: string;
    startMs: number;
    durationMs: number;
    reply: string;
    failed: boolean;
  },
) {
  const inputTokens = 400 + Math.floor(builder.random() * 3000);
  const outputTokens = 20 + Math.floor(builder.random() * 300);
  const cached = Math.floor(inputTokens / 4);
  const cost = options.failed ? 0 : (inputTokens + outputTokens) * PRICE_PER_TOKEN;
  const endMs = options.startMs + options.durationMs;
  const attributes: Attributes = {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": options.model.startsWith("gpt") ? "openai" : "anthropic",
    "gen_ai.request.model": options.model,
    "gen_ai.conversation.id": builder.runId,
    "rlm.node.id": options.nodeId,
    "rlm.depth": options.depth,
    "rlm.tier": options.tier,
    "rlm.attempt": 1,
    "rlm.iteration": options.iteration,
  };
  if (options.failed) {
    attributes["error.type"] = "ProviderError";
  } else {
    Object.assign(attributes, {
      "gen_ai.usage.input_tokens": inputTokens,
      "gen_ai.usage.output_tokens": outputTokens,
      "gen_ai.usage.cache_read.input_tokens": cached,
      "rlm.cost.usd": cost,
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.response.model": `${options.model}-2026-01-01`,
      "gen_ai.output.messages": JSON.stringify([
        {
          role: "assistant",
          parts: [{ type: "text", content: options.reply }],
          finish_reason: "stop",
        },
      ]),
    });
  }
  builder.spans.push(
    span(builder, {
      spanId: newSpanId(builder),
      parentSpanId: options.parentSpanId,
      name: `chat ${options.model}`,
      kind: SpanKind.CLIENT,
      startMs: options.startMs,
      endMs,
      attributes,
      ...(options.failed ? { error: "503 Service Unavailable" } : {}),
    }),
  );
  return { endMs, cost };
}

const resource = resourceFromAttributes({ "service.name": "rlm-synthetic" });

function span(
  builder: Builder,
  options: {
    spanId: string;
    parentSpanId: string | undefined;
    name: string;
    kind: SpanKind;
    startMs: number;
    endMs: number;
    attributes: Attributes;
    error?: string;
  },
): ReadableSpan {
  const { traceId } = builder;
  const startTime = hrTime(options.startMs);
  const endTime = hrTime(options.endMs);
  return {
    name: options.name,
    kind: options.kind,
    spanContext: () => ({ traceId, spanId: options.spanId, traceFlags: 1 }),
    ...(options.parentSpanId
      ? { parentSpanContext: { traceId, spanId: options.parentSpanId, traceFlags: 1 } }
      : {}),
    startTime,
    endTime,
    status:
      options.error !== undefined
        ? { code: SpanStatusCode.ERROR, message: options.error }
        : { code: SpanStatusCode.UNSET },
    attributes: options.attributes,
    links: [],
    events: [],
    duration: hrTime(options.endMs - options.startMs),
    ended: true,
    resource,
    instrumentationScope: { name: "@rlm/otel", version: "0.1.0" },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

function newSpanId(builder: Builder): string {
  return hex(hash(builder.runId) + builder.nextId++, 16);
}

function earliestLane(lanes: number[]): number {
  let best = 0;
  for (let index = 1; index < lanes.length; index++) if (lanes[index]! < lanes[best]!) best = index;
  return best;
}

/** `total` split into `parts` near-equal counts. */
function split(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0),
  );
}

function hash(text: string): number {
  let value = 2166136261;
  for (const char of text) value = Math.imul(value ^ char.charCodeAt(0), 16777619) >>> 0;
  return value;
}

function hex(value: number, length: number): string {
  return value.toString(16).padStart(length, "0").slice(-length);
}
