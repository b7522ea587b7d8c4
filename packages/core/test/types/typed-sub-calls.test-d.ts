import { describe, expectTypeOf, test } from "vitest";
import {
  type BudgetSnapshot,
  type ContentPart,
  type Context,
  createRLM,
  type GenerateRequest,
  type HostBridge,
  type JsonSchema,
  type Message,
  messageText,
  type SubCallPrompt,
} from "../../src/index.js";
import { scriptedModel, vmSandbox } from "../../src/testing/index.js";

describe("messages with image parts", () => {
  test("a message holds a string or text and image parts; messageText reads its text", () => {
    const parts: ContentPart[] = [
      { type: "text", text: "What is this?" },
      { type: "image", data: new Uint8Array(), mediaType: "image/png" },
    ];
    const message: Message = { role: "user", content: parts };
    expectTypeOf(messageText(message)).toEqualTypeOf<string>();
    // @ts-expect-error an image part needs its media type
    const untyped: ContentPart = { type: "image", data: new Uint8Array() };
    // @ts-expect-error only the image types models take
    const tiff: ContentPart = { type: "image", data: new Uint8Array(), mediaType: "image/tiff" };
    void [untyped, tiff];
  });

  test("a request may ask for JSON matching a schema", () => {
    expectTypeOf<NonNullable<GenerateRequest["responseFormat"]>>().toEqualTypeOf<{
      type: "json";
      schema: JsonSchema;
      name?: string;
    }>();
  });
});

describe("the host bridge of typed sub-calls", () => {
  test("llmQuery takes parts and a schema and gives a value", () => {
    expectTypeOf<Parameters<HostBridge["llmQuery"]>[0]["prompt"]>().toEqualTypeOf<SubCallPrompt>();
    expectTypeOf<ReturnType<HostBridge["llmQuery"]>>().toEqualTypeOf<Promise<unknown>>();
    expectTypeOf<ReturnType<HostBridge["budget"]>>().toEqualTypeOf<BudgetSnapshot>();
    expectTypeOf<BudgetSnapshot["costUsd"]["limit"]>().toEqualTypeOf<number | null>();
  });

  test("a context may hold binary items", () => {
    const context: Context = [new Uint8Array([1]), "caption", { page: 1 }];
    createRLM({ model: scriptedModel({ replies: [] }), sandbox: vmSandbox() }).complete({
      context,
      query: "",
    });
    expectTypeOf<Uint8Array>().toMatchTypeOf<Context>();
  });
});
