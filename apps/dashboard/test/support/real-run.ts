import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { createRLM, type RLMEvent } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { otelSink } from "@rlm/otel";

const PRICING = { inputPerMillionUsd: 3, outputPerMillionUsd: 15 };

export const XSS_REPLY = [
  'Looking at the data. <img src=x onerror="window.__xss = 1"><script>window.__xss = 2</script>',
  "```repl",
  'const parts = await Promise.all([llm_query("sub a"), llm_query("sub b"), rlm_query("child task", "child context")]);',
  'console.log("<b>bold?</b>", parts.length);',
  "```",
].join("\n");

function repl(code: string): string {
  return `\`\`\`repl\n${code}\n\`\`\``;
}

/**
 * A real RLM run (core's loop, the vm sandbox, scripted models) recorded by `@rlm/otel` with
 * content capture on: the spans the dashboard receives from a user's exporter, plus the
 * run's trajectory events. The root's first reply carries an HTML payload.
 */
export async function realRun(
  options: {
    sinks?: { onEvent(event: RLMEvent): void }[];
    /** The child also calls a host tool, `lookup`, once successfully and once failing. */
    withTools?: boolean;
    /** The run's `name` option. */
    name?: string;
    /** Content capture of the run's own exporter (on by default). */
    captureContent?: boolean;
  } = {},
) {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const sub = scriptedModel({
    provider: "openai",
    modelId: "gpt-5-mini",
    pricing: PRICING,
    respond: (request) => ({ text: `re:${request.messages.at(-1)?.content ?? ""}`, delayMs: 20 }),
  });
  const root = scriptedModel({
    provider: "anthropic",
    modelId: "claude-sonnet-4-5",
    pricing: PRICING,
    replies: [XSS_REPLY, repl('FINAL("done: <i>answer</i>")')],
  });
  const child = scriptedModel({
    provider: "anthropic",
    modelId: "claude-haiku-4-5",
    pricing: PRICING,
    replies: [
      options.withTools
        ? repl(
            'const x = await llm_query("grandchild question");\nconst doc = await lookup({ id: 3 });\ntry { await lookup({ id: -1 }) } catch {}\nFINAL("child:" + x + doc.title);',
          )
        : repl('const x = await llm_query("grandchild question");\nFINAL("child:" + x);'),
    ],
  });
  const rlm = createRLM({
    model: root,
    subModel: sub,
    depthModels: [child],
    sandbox: vmSandbox(),
    maxDepth: 1,
    limits: { maxCostUsd: 5, maxSubCalls: 100 },
    sinks: [
      otelSink({ tracerProvider, captureContent: options.captureContent ?? true }),
      ...(options.sinks ?? []),
    ],
    ...(options.withTools
      ? {
          tools: {
            lookup: (args: unknown) => {
              const { id } = args as { id: number };
              if (id < 0) throw new RangeError(`No document ${id}.`);
              return { title: `document ${id}` };
            },
          },
        }
      : {}),
  });
  const result = await rlm.complete({
    context: "the root context",
    query: "What is <the> answer?",
    ...(options.name !== undefined ? { name: options.name } : {}),
  });
  await tracerProvider.forceFlush();
  return { result, spans: exporter.getFinishedSpans(), events: result.trajectory };
}

/**
 * The models of the small runs below: the sub-model answers `subReply` to everything, the
 * root model runs `code` in one cell.
 */
function oneCellModels(options: { subReply: string; code: string }) {
  return {
    subModel: scriptedModel({
      provider: "openai",
      modelId: "gpt-5-mini",
      pricing: PRICING,
      respond: () => options.subReply,
    }),
    model: scriptedModel({
      provider: "anthropic",
      modelId: "claude-sonnet-4-5",
      pricing: PRICING,
      respond: () => repl(options.code),
    }),
  };
}

/** A real run stopped by `maxSubCalls`: its root span carries the limit it hit. */
export async function limitRun(options: { sinks?: { onEvent(event: RLMEvent): void }[] } = {}) {
  const rlm = createRLM({
    ...oneCellModels({
      subReply: "ok",
      code: 'const all = await Promise.all([1, 2, 3, 4].map((n) => llm_query("part " + n)));\nFINAL(all.join());',
    }),
    sandbox: vmSandbox(),
    limits: { maxSubCalls: 2 },
    sinks: options.sinks ?? [],
  });
  try {
    await rlm.complete({ context: "limited", query: "Count the parts (limited)" });
  } catch {
    // The limit error is the point of this run.
  }
}

/**
 * A real run with memoised sub-calls: its one cell asks the sub-model the same question
 * twice, and the second answer comes from the memo.
 */
export async function memoizedRun(options: { sinks?: { onEvent(event: RLMEvent): void }[] } = {}) {
  const rlm = createRLM({
    ...oneCellModels({
      subReply: "the same answer",
      code: 'const a = await llm_query("same question");\nconst b = await llm_query("same question");\nFINAL(a === b ? "memoised" : "different");',
    }),
    sandbox: vmSandbox(),
    memoize: true,
    sinks: options.sinks ?? [],
  });
  return rlm.complete({ context: "memo", query: "Ask twice", name: "memoised sub-calls" });
}
