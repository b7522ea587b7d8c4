import { describe, expect, it } from "vitest";
import { OPENAI_CONTEXT_WINDOWS, OPENAI_PRICES } from "./openai-prices.js";
import { openai, openaiCompatible } from "./openai-provider.js";

describe("context windows", () => {
  it("are known for every priced model, and resolve dated snapshots like prices", () => {
    for (const modelId of Object.keys(OPENAI_PRICES).filter(
      (id) => !/\d{4}-\d{2}-\d{2}$/.test(id),
    )) {
      expect(OPENAI_CONTEXT_WINDOWS[modelId], modelId).toBeGreaterThan(0);
    }
    expect(openai("gpt-5-2025-08-07").contextWindowTokens).toBe(272_000);
    expect(openai("gpt-4o-2024-05-13").contextWindowTokens).toBe(111_616);
  });

  it("are unknown for a model outside the table unless given, and the option wins", () => {
    expect(openai("my-fine-tune").contextWindowTokens).toBeUndefined();
    expect(openai("gpt-5", { contextWindowTokens: 50_000 }).contextWindowTokens).toBe(50_000);
    const local = openaiCompatible({ modelId: "gpt-5", baseURL: "http://127.0.0.1:1/v1" });
    expect(local.contextWindowTokens).toBeUndefined();
    expect(
      openaiCompatible({
        modelId: "q",
        baseURL: "http://127.0.0.1:1/v1",
        contextWindowTokens: 32_768,
      }).contextWindowTokens,
    ).toBe(32_768);
  });
});
