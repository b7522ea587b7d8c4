import { describe, expect, it } from "vitest";
import { describeTools, toolSignature } from "./describe-tools.js";

const search = {
  name: "search",
  description: "Full-text search.\n  Newest first.",
  validated: true,
  inputSchema: {
    type: "object",
    properties: {
      limit: { type: "integer", description: "At most this many hits." },
      query: { type: "string" },
      filters: { type: "object", additionalProperties: { type: ["string", "null"] } },
      tags: { type: "array", items: { anyOf: [{ type: "string" }, { type: "number" }] } },
      sort: { enum: ["new", "old", null] },
    },
    required: ["query"],
  },
};

describe("tool signatures in the system prompt", () => {
  it("shows a JavaScript tool as a call with one object", () => {
    expect(toolSignature("javascript", search)).toBe(
      'await search({ limit?: number, query: string, filters?: Record<string, string | null>, tags?: (string | number)[], sort?: "new" | "old" | null })',
    );
  });

  it("shows a Python tool with keyword parameters, required ones first", () => {
    expect(toolSignature("python", search)).toBe(
      'search(query: str, limit: int = None, filters: dict[str, str | None] = None, tags: list[str | float] = None, sort: "new" | "old" | None = None)',
    );
  });

  it("shows a tool whose argument is not an object with a named parameter", () => {
    const count = { name: "count", validated: true, inputSchema: { type: "string" } };
    expect(toolSignature("javascript", count)).toBe("await count(args: string)");
    expect(toolSignature("python", count)).toBe("count(args: str)");
  });

  it("shows a tool whose object has no fields as taking nothing", () => {
    const list = { name: "list", validated: true, inputSchema: { type: "object", properties: {} } };
    expect(toolSignature("javascript", list)).toBe("await list()");
    expect(toolSignature("python", list)).toBe("list()");
  });

  it("shows a plain function, or a schema it cannot read, as taking args", () => {
    expect(toolSignature("python", { name: "echo", validated: false })).toBe("echo(args)");
    const referenced = { name: "add", validated: true, inputSchema: { $ref: "#/$defs/Item" } };
    expect(toolSignature("javascript", referenced)).toBe("await add(args: Item)");
  });

  it("lists each tool with its description on one line and its described fields", () => {
    expect(describeTools("javascript", [search, { name: "echo", validated: false }])).toBe(
      [
        "",
        "- Host tools (async, one argument; arguments are checked against each tool's schema and a mismatch rejects with an error naming the field):",
        `  - \`${toolSignature("javascript", search)}\`: Full-text search. Newest first.`,
        "    - `limit`: At most this many hits.",
        "  - `await echo(args)`",
      ].join("\n"),
    );
    expect(describeTools("python", [])).toBe("");
  });
});
