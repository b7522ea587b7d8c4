import { describe, expectTypeOf, test } from "vitest";
import {
  type CallOverrides,
  type CompleteOptions,
  createRLM,
  type ModelOverrides,
  type RLMLimits,
} from "../../src/index.js";
import { scriptedModel, vmSandbox } from "../../src/testing/index.js";

const model = scriptedModel({ replies: [] });
const rlm = createRLM({ model, sandbox: vmSandbox() });

describe("complete() and stream() take per-call overrides", () => {
  test("models by tier, limits, provider options, maxIterations and maxDepth", () => {
    expectTypeOf<CompleteOptions>().toMatchTypeOf<CallOverrides>();
    expectTypeOf<CallOverrides["limits"]>().toEqualTypeOf<RLMLimits | undefined>();
    expectTypeOf<CallOverrides["models"]>().toEqualTypeOf<ModelOverrides | undefined>();
    rlm.complete({
      context: "",
      query: "",
      models: { root: model, sub: model, named: { cheap: model }, depth: [model] },
      limits: { maxCostUsd: 1, maxSubCalls: 10 },
      providerOptions: { openai: { reasoningEffort: "low" } },
      maxIterations: 5,
      maxDepth: 2,
    });
    rlm.stream({ context: "", query: "", models: { sub: model } });
    rlm.session({ context: "" }).complete({ query: "", models: { root: model }, maxDepth: 0 });
  });

  test("a wrong override does not compile", () => {
    // @ts-expect-error a model is a LanguageModel, not its id
    rlm.complete({ context: "", query: "", models: { root: "gpt-5" } });
    // @ts-expect-error tiers are root, sub, named and depth
    rlm.complete({ context: "", query: "", models: { subModel: model } });
    // @ts-expect-error an unknown limit
    rlm.complete({ context: "", query: "", limits: { maxDollars: 1 } });
    // @ts-expect-error provider options are objects keyed by provider
    rlm.complete({ context: "", query: "", providerOptions: { openai: "low" } });
    // @ts-expect-error maxIterations is a number
    rlm.stream({ context: "", query: "", maxIterations: "5" });
  });
});
