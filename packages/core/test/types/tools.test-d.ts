import { describe, expectTypeOf, test } from "vitest";
import { createRLM, type HostTool } from "../../src/index.js";
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
    expectTypeOf<HostTool>().returns.toEqualTypeOf<unknown>();
  });
});
