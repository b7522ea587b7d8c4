import type { LanguageModel } from "@rlm/core";
import { describe, expectTypeOf, test } from "vitest";
import {
  type OpenAICompatibleOptions,
  type OpenAIModelOptions,
  type OpenAIRequestOptions,
  openai,
  openaiCompatible,
} from "./index.js";

describe("openai() takes OpenAI's options", () => {
  test("a model id, then OpenAI's model options; the result is a core LanguageModel", () => {
    expectTypeOf(openai).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(openai).parameter(1).toEqualTypeOf<OpenAIModelOptions | undefined>();
    expectTypeOf(openai("gpt-5")).toExtend<LanguageModel>();
  });

  test("providerOptions are OpenAI's request options, checked field by field", () => {
    expectTypeOf<OpenAIModelOptions["providerOptions"]>().toEqualTypeOf<
      OpenAIRequestOptions | undefined
    >();
    openai("gpt-5", { providerOptions: { reasoningEffort: "low", verbosity: "high" } });
    // @ts-expect-error not a reasoning effort OpenAI knows
    openai("gpt-5", { providerOptions: { reasoningEffort: "maximum" } });
    // @ts-expect-error Anthropic's option, not OpenAI's
    openai("gpt-5", { providerOptions: { cacheTtl: "1h" } });
    // @ts-expect-error the endpoint is "responses" or "chat"
    openai("gpt-5", { api: "completions" });
  });

  test("openaiCompatible needs a model id and a base URL, and takes the same request options", () => {
    expectTypeOf<OpenAICompatibleOptions>().toHaveProperty("baseURL").toEqualTypeOf<string>();
    expectTypeOf(
      openaiCompatible({ modelId: "qwen", baseURL: "http://localhost:11434/v1" }),
    ).toExtend<LanguageModel>();
    expectTypeOf<OpenAICompatibleOptions["providerOptions"]>().toEqualTypeOf<
      OpenAIRequestOptions | undefined
    >();
    // @ts-expect-error a compatible server has no default address
    openaiCompatible({ modelId: "qwen" });
  });
});
