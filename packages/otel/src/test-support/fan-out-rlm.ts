import { createRLM, type EventSink } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";

function repl(code: string): string {
  return `\`\`\`repl\n${code}\n\`\`\``;
}

/**
 * A run of six spans: the root node, its chat and its cell, from which an `llm_query` (one chat)
 * and an `rlm_query` (a child node and its chat) run in parallel.
 */
export function fanOutRLM(sinks: EventSink[]) {
  const root = scriptedModel({
    provider: "anthropic",
    modelId: "root-model",
    replies: [
      repl(
        'const got = await Promise.all([llm_query("a"), rlm_query("b")]);\nFINAL(got.join(","));',
      ),
    ],
  });
  const child = scriptedModel({ modelId: "child-model", replies: ["FINAL(child done)"] });
  const sub = scriptedModel({
    provider: "openai",
    modelId: "sub-model",
    respond: () => "sub done",
  });
  return createRLM({
    model: root,
    subModel: sub,
    depthModels: [child],
    sandbox: vmSandbox(),
    sinks,
  });
}
