import { describe, expect, it } from "vitest";
import { acceptsStrictMode, toOpenAIJsonFormat } from "./openai-json-format.js";

const closed = {
  type: "object",
  properties: {
    items: {
      type: "array",
      items: {
        type: "object",
        properties: { name: { type: "string" }, price: { type: ["number", "null"] } },
        required: ["name", "price"],
        additionalProperties: false,
      },
    },
  },
  required: ["items"],
  additionalProperties: false,
};

describe("acceptsStrictMode", () => {
  it("takes a schema whose objects are all closed with every property required", () => {
    expect(acceptsStrictMode(closed)).toBe(true);
  });

  it("refuses an open object, an optional property, or a keyword strict mode lacks, at any depth", () => {
    const inner = closed.properties.items.items;
    const withItem = (item: object) => ({
      ...closed,
      properties: { items: { type: "array", items: item } },
    });
    expect(acceptsStrictMode(withItem({ ...inner, additionalProperties: true }))).toBe(false);
    expect(acceptsStrictMode(withItem({ ...inner, required: ["name"] }))).toBe(false);
    expect(acceptsStrictMode(withItem({ ...inner, allOf: [] }))).toBe(false);
    expect(acceptsStrictMode({ ...closed, $defs: { open: { type: "object" } } })).toBe(false);
  });
});

describe("toOpenAIJsonFormat", () => {
  it("names the format within OpenAI's rules and uses strict mode only when it qualifies", () => {
    const strict = toOpenAIJsonFormat({ type: "json", schema: closed, name: "line items!" });
    expect(strict).toMatchObject({ name: "line_items_", schema: closed, strict: true });
    const loose = toOpenAIJsonFormat({ type: "json", schema: { type: "object" } });
    expect(loose).toMatchObject({ name: "response", strict: false });
  });

  it("wraps a non-object schema in a strict `value` object and unwraps the reply", () => {
    const format = toOpenAIJsonFormat({
      type: "json",
      schema: { type: "array", items: { type: "number" } },
    });
    expect(format.strict).toBe(true);
    expect(format.schema).toMatchObject({ type: "object", required: ["value"] });
    expect(format.unwrapText('{"value":[1,2]}')).toBe("[1,2]");
  });
});
