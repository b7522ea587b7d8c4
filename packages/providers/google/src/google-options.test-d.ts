import type { LanguageModel } from "@rlm/core";
import { describe, expectTypeOf, test } from "vitest";
import { type GoogleModelOptions, type GoogleRequestOptions, google } from "./index.js";

describe("google() takes Google's options", () => {
  test("a model id, then Google's model options; the result is a core LanguageModel", () => {
    expectTypeOf(google).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(google).parameter(1).toEqualTypeOf<GoogleModelOptions | undefined>();
    expectTypeOf(google("gemini-2.5-pro")).toExtend<LanguageModel>();
  });

  test("providerOptions are Google's request options, checked field by field", () => {
    expectTypeOf<GoogleModelOptions["providerOptions"]>().toEqualTypeOf<
      GoogleRequestOptions | undefined
    >();
    google("gemini-2.5-pro", {
      vertexai: true,
      project: "p",
      location: "europe-west1",
      providerOptions: { thinkingConfig: { thinkingBudget: 1024 }, topK: 40 },
    });
    // @ts-expect-error topK is a number
    google("gemini-2.5-pro", { providerOptions: { topK: "40" } });
    // @ts-expect-error Anthropic's option, not Google's
    google("gemini-2.5-pro", { providerOptions: { cacheTtl: "1h" } });
  });
});
