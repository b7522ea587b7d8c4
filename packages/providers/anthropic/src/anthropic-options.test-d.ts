import type { LanguageModel } from "@rlm/core";
import { describe, expectTypeOf, test } from "vitest";
import { type AnthropicModelOptions, type AnthropicRequestOptions, anthropic } from "./index.js";

describe("anthropic() takes Anthropic's options", () => {
  test("a model id, then Anthropic's model options; the result is a core LanguageModel", () => {
    expectTypeOf(anthropic).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(anthropic).parameter(1).toEqualTypeOf<AnthropicModelOptions | undefined>();
    expectTypeOf(anthropic("claude-sonnet-4-6")).toExtend<LanguageModel>();
  });

  test("providerOptions are Anthropic's request options, checked field by field", () => {
    expectTypeOf<AnthropicModelOptions["providerOptions"]>().toEqualTypeOf<
      AnthropicRequestOptions | undefined
    >();
    expectTypeOf<AnthropicRequestOptions["cacheTtl"]>().toEqualTypeOf<"5m" | "1h" | undefined>();
    anthropic("claude-sonnet-4-6", {
      providerOptions: { thinking: { type: "enabled", budget_tokens: 4000 }, cacheTtl: "1h" },
    });
    // @ts-expect-error the cache lives five minutes or one hour
    anthropic("claude-sonnet-4-6", { providerOptions: { cacheTtl: "1d" } });
    // @ts-expect-error OpenAI's option, not Anthropic's
    anthropic("claude-sonnet-4-6", { providerOptions: { reasoningEffort: "low" } });
  });
});
