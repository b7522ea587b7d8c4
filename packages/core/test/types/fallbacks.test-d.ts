import { describe, expectTypeOf, test } from "vitest";
import {
  type FallbackOptions,
  type LanguageModel,
  type ProviderErrorKind,
  withFallbacks,
} from "../../src/index.js";
import { scriptedModel } from "../../src/testing/index.js";

const first = scriptedModel({ replies: [] });
const second = scriptedModel({ replies: [] });

describe("withFallbacks", () => {
  test("is a LanguageModel usable wherever a model is", () => {
    expectTypeOf(withFallbacks([first, second])).toEqualTypeOf<LanguageModel>();
    expectTypeOf<FallbackOptions["on"]>().toEqualTypeOf<
      readonly ProviderErrorKind[] | ((error: unknown) => boolean) | undefined
    >();
  });

  test("`on` takes ProviderError kinds or a test of the error", () => {
    withFallbacks([first, second], { on: ["rate-limit", "server"] });
    withFallbacks([first, second], { on: (error) => error instanceof Error });
    // @ts-expect-error not a ProviderError kind
    withFallbacks([first, second], { on: ["too-many-requests"] });
    // @ts-expect-error models, not their ids
    withFallbacks(["gpt-5", "claude-haiku-4-5"]);
  });
});
