import { describe, expect, it } from "vitest";
import { assertJsonSchema, validateJsonSchema } from "./json-schema-validator.js";

const ORDER = {
  type: "object",
  properties: {
    items: {
      type: "array",
      items: {
        type: "object",
        properties: { price: { type: "number" }, "unit name": { type: "string" } },
        required: ["price"],
        additionalProperties: false,
      },
    },
    status: { anyOf: [{ type: "string" }, { type: "null" }] },
  },
  required: ["items"],
};

describe("validateJsonSchema", () => {
  it("returns a valid value as it is", () => {
    const value = { items: [{ price: 3 }], status: null };
    expect(validateJsonSchema(ORDER, value)).toEqual({ ok: true, value });
  });

  it("names each error's place with a path and says what was expected", () => {
    const result = validateJsonSchema(ORDER, {
      items: [{ price: "3", "unit name": 1, extra: true }, {}],
      status: 4,
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        "$.items[0].price: expected number, got string",
        '$.items[0]["unit name"]: expected string, got number',
        '$.items[0]: property "extra" is not allowed',
        '$.items[1]: missing required property "price"',
        "$.status: instance does not match any subschemas",
      ],
    });
  });

  it("reports what is wrong inside an additionalProperties schema, not that the property is forbidden", () => {
    const counts = { type: "object", additionalProperties: { type: "integer" } };
    expect(validateJsonSchema(counts, { a: 1, b: "two" })).toEqual({
      ok: false,
      errors: ["$.b: expected integer, got string"],
    });
  });

  it("reports a wrong root as `$`", () => {
    expect(validateJsonSchema(ORDER, [])).toEqual({
      ok: false,
      errors: ["$: expected object, got array"],
    });
  });

  it("lists at most ten errors and counts the rest", () => {
    const schema = { type: "array", items: { type: "string" } };
    const result = validateJsonSchema(
      schema,
      Array.from({ length: 14 }, (_, index) => index),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(11);
    expect(result.errors.at(-1)).toBe("and 4 more errors");
  });
});

describe("assertJsonSchema", () => {
  it("accepts a well-formed schema", () => {
    expect(() => assertJsonSchema(ORDER)).not.toThrow();
  });

  it.each([
    ["a string", "object", /the schema must be an object, got "object"/],
    ["an unknown type", { type: "float" }, /#\/type: "float" is not a JSON Schema type/],
    [
      "a nested unknown type",
      { type: "object", properties: { price: { type: "decimal" } } },
      /#\/properties\/price\/type: "decimal" is not a JSON Schema type/,
    ],
    ["a required that is not a list", { required: "name" }, /#\/required: must be an array/],
    ["a bad pattern", { type: "string", pattern: "(" }, /#\/pattern: "\(" is not a valid regular/],
    ["a dangling $ref", { $ref: "#/$defs/missing" }, /Unresolved \$ref/],
  ])("refuses %s with what is wrong", (_, schema, message) => {
    expect(() => assertJsonSchema(schema)).toThrow(message);
    expect(() => validateJsonSchema(schema as Record<string, unknown>, 1)).toThrow(
      /is not a valid JSON Schema/,
    );
  });
});
