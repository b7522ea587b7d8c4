import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../model/language-model.js";
import { scriptedModel } from "../testing/scripted-model.js";
import { vmSandbox } from "../testing/vm-sandbox.js";
import { createHostBridge } from "./host-bridge.js";
import { resolveOptions } from "./resolve-options.js";
import { RunState } from "./run-state.js";

/** A sub-model whose replies never come: each request fails once its signal aborts. */
function waitingModel() {
  return scriptedModel({
    modelId: "sub",
    respond: (request: GenerateRequest) =>
      new Promise((_, reject) => {
        request.abortSignal?.addEventListener("abort", () => reject(request.abortSignal?.reason));
      }),
  });
}

describe("createHostBridge: what stops a sub-call", () => {
  it("stops the calls of one caller's signal, or of one cell, and no other call", async () => {
    const settings = resolveOptions({
      model: scriptedModel({ replies: [] }),
      subModel: waitingModel(),
      sandbox: vmSandbox(),
      retry: { maxRetries: 0 },
    });
    const run = new RunState(settings, [], undefined);
    const node = { nodeId: "root", parentNodeId: undefined, depth: 0 };
    const bridge = createHostBridge(
      run,
      node,
      () => Promise.resolve(""),
      () => 1,
    );
    run.cells.begin("cell-1", run.abortSignal);
    run.cells.begin("cell-2", run.abortSignal);
    const first = new AbortController();
    const second = new AbortController();
    const settled: string[] = [];
    const call = (name: string, cellId: string, abortSignal: AbortSignal) =>
      bridge.llmQuery({ prompt: name, cellId, abortSignal }).then(
        () => settled.push(`${name} answered`),
        () => settled.push(`${name} stopped`),
      );
    const calls = [
      call("a1", "cell-1", first.signal),
      call("b1", "cell-1", second.signal),
      call("a2", "cell-1", first.signal),
      call("a3", "cell-2", first.signal),
      call("b2", "cell-2", second.signal),
    ];
    first.abort(new Error("the first caller stopped"));
    await Promise.all([calls[0], calls[2], calls[3]]);
    expect(settled.sort()).toEqual(["a1 stopped", "a2 stopped", "a3 stopped"]);
    run.cells.end("cell-1");
    await calls[1];
    expect(settled).toContain("b1 stopped");
    expect(settled).not.toContain("b2 stopped");
    run.cells.end("cell-2");
    await calls[4];
    expect(settled).toContain("b2 stopped");
    run.dispose();
  });
});
