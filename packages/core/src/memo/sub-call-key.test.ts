import { describe, expect, it } from "vitest";
import { type SubCallKeyRequest, subCallKey } from "./sub-call-key.js";

const png = (bytes: number[]) => ({
  type: "image" as const,
  data: new Uint8Array(bytes),
  mediaType: "image/png" as const,
});

const base: SubCallKeyRequest = {
  provider: "openai",
  modelId: "gpt-5-mini",
  messages: [{ role: "user", content: [{ type: "text", text: "What is shown?" }, png([1, 2, 3])] }],
  responseFormat: { type: "json", schema: { type: "object", required: ["a"] } },
  temperature: 0,
  maxOutputTokens: 1024,
};

describe("subCallKey", () => {
  it("is the same for equal requests, whatever the order of the schema's keys", () => {
    const copy: SubCallKeyRequest = {
      ...base,
      messages: [
        { role: "user", content: [{ type: "text", text: "What is shown?" }, png([1, 2, 3])] },
      ],
      responseFormat: { schema: { required: ["a"], type: "object" }, type: "json" },
    };
    expect(subCallKey(copy)).toBe(subCallKey(base));
    expect(subCallKey(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("differs when the provider, model, prompt, image bytes, schema, temperature, output cap or provider options differ", () => {
    const variants: SubCallKeyRequest[] = [
      { ...base, provider: "azure" },
      { ...base, modelId: "gpt-5" },
      { ...base, messages: [{ role: "user", content: "What is shown?" }] },
      {
        ...base,
        messages: [
          { role: "user", content: [{ type: "text", text: "What is shown?" }, png([1, 2, 4])] },
        ],
      },
      {
        ...base,
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "What is shown?" },
              { ...png([1, 2, 3]), mediaType: "image/webp" },
            ],
          },
        ],
      },
      { ...base, responseFormat: { type: "json", schema: { type: "object", required: ["b"] } } },
      { ...base, responseFormat: undefined },
      { ...base, temperature: 0.7 },
      { ...base, temperature: undefined },
      { ...base, maxOutputTokens: 2048 },
      { ...base, providerOptions: { openai: { reasoningEffort: "high" } } },
    ];
    const keys = new Set([subCallKey(base), ...variants.map(subCallKey)]);
    expect(keys.size).toBe(variants.length + 1);
  });
});
