import { describe, expect, it } from "vitest";
import { mapChatUsage, mapResponsesUsage } from "./map-openai-usage.js";

describe("mapChatUsage", () => {
  it("leaves everything undefined when the server sent no usage", () => {
    expect(mapChatUsage(undefined)).toEqual({});
    expect(mapChatUsage(null)).toEqual({});
  });

  it("keeps reported zeros and maps cache writes when they are reported", () => {
    expect(
      mapChatUsage({
        prompt_tokens: 900,
        completion_tokens: 0,
        total_tokens: 900,
        prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 850 },
        completion_tokens_details: { reasoning_tokens: 0 },
      }),
    ).toEqual({
      inputTokens: 900,
      outputTokens: 0,
      cacheReadInputTokens: 0,
      cacheWriteInputTokens: 850,
      reasoningTokens: 0,
    });
  });
});

describe("mapResponsesUsage", () => {
  it("tolerates servers that omit the detail objects", () => {
    const partial = { input_tokens: 10, output_tokens: 3, total_tokens: 13 };
    expect(mapResponsesUsage(partial as never)).toEqual({ inputTokens: 10, outputTokens: 3 });
  });

  it("ignores values that are not token counts", () => {
    const odd = { input_tokens: null, output_tokens: -1, total_tokens: 0 };
    expect(mapResponsesUsage(odd as never)).toEqual({});
  });
});
