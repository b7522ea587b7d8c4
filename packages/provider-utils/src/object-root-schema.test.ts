import { describe, expect, it } from "vitest";
import { toObjectRootSchema } from "./object-root-schema.js";

describe("toObjectRootSchema", () => {
  it("leaves an object schema and its replies as they are", () => {
    const schema = { type: "object", properties: { a: { type: "number" } } };
    const root = toObjectRootSchema(schema);
    expect(root).toMatchObject({ schema, wrapped: false });
    expect(root.unwrapText('{"a":1}')).toBe('{"a":1}');
  });

  it("wraps any other schema in a required, closed `value`, keeping definitions at the root", () => {
    const root = toObjectRootSchema({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "array",
      items: { $ref: "#/$defs/item" },
      $defs: { item: { type: "string" } },
    });
    expect(root.wrapped).toBe(true);
    expect(root.schema).toEqual({
      type: "object",
      properties: { value: { type: "array", items: { $ref: "#/$defs/item" } } },
      required: ["value"],
      additionalProperties: false,
      $defs: { item: { type: "string" } },
    });
    expect(root.unwrapText('{"value":["a","b"]}')).toBe('["a","b"]');
  });

  it("hands back a reply it cannot unwrap untouched, for core's validation to report", () => {
    const root = toObjectRootSchema({ type: "number" });
    expect(root.unwrapText("not json")).toBe("not json");
    expect(root.unwrapText('{"other":1}')).toBe('{"other":1}');
    expect(root.unwrapText("[1]")).toBe("[1]");
    expect(root.unwrapText('{"value":0}')).toBe("0");
  });
});
