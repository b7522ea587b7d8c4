import { describe, expectTypeOf, test } from "vitest";
import { z } from "zod";
import {
  createRLM,
  type HostTool,
  type ToolCallOptions,
  type ToolFunction,
  type TypedTool,
  tool,
} from "../../src/index.js";
import { scriptedModel, vmSandbox } from "../../src/testing/index.js";

const model = scriptedModel({ replies: [] });

describe("host tools take what sandbox code passes, unchecked", () => {
  test("a tool's arguments are unknown and it gets the cell's abort signal", () => {
    createRLM({
      model,
      sandbox: vmSandbox(),
      tools: {
        lookup: (args, options) => {
          expectTypeOf(args).toEqualTypeOf<unknown>();
          expectTypeOf(options).toEqualTypeOf<{ abortSignal: AbortSignal }>();
          return "found";
        },
        // Async tools and tools that ignore their arguments are tools too.
        now: async () => Date.now(),
      },
    });
  });

  test("a tool that assumes its arguments' type is refused: code may pass anything", () => {
    const typed = (args: { id: string }) => args.id;
    expectTypeOf(typed).not.toExtend<HostTool>();
    createRLM({
      model,
      sandbox: vmSandbox(),
      // @ts-expect-error the arguments come from model-written code and must be checked
      tools: { typed },
    });
  });

  test("a tool may return anything the sandbox gets back as JSON", () => {
    expectTypeOf<ToolFunction>().returns.toEqualTypeOf<unknown>();
    expectTypeOf<TypedTool["execute"]>().returns.toEqualTypeOf<unknown>();
  });
});

describe("typed tools get their arguments' type from the schema", () => {
  const schema = z.object({
    query: z.string(),
    limit: z.string().transform((text) => Number(text)),
  });

  test("execute receives a Standard Schema's output type", () => {
    const search = tool({
      inputSchema: schema,
      execute: (args, options) => {
        expectTypeOf(args).toEqualTypeOf<{ query: string; limit: number }>();
        expectTypeOf(options).toEqualTypeOf<ToolCallOptions>();
        return args.query;
      },
    });
    expectTypeOf(search).toExtend<HostTool>();
    createRLM({ model, sandbox: vmSandbox(), tools: { search, plain: () => 1 } });
  });

  test("execute cannot assume more than the schema's output", () => {
    // @ts-expect-error `missing` is not in the schema's output
    tool({
      inputSchema: schema,
      execute: (args: { missing: string }) => args.missing,
    });
  });

  test("a JSON Schema tool's arguments are unknown unless given as a type argument", () => {
    const inputSchema = { type: "object", properties: { city: { type: "string" } } } as const;
    tool({
      inputSchema,
      execute: (args) => {
        expectTypeOf(args).toEqualTypeOf<unknown>();
      },
    });
    tool<{ city: string }>({
      inputSchema,
      execute: (args) => {
        expectTypeOf(args).toEqualTypeOf<{ city: string }>();
      },
    });
  });

  test("a typed tool needs an inputSchema", () => {
    // @ts-expect-error no inputSchema
    tool({ execute: () => 1 });
  });
});
