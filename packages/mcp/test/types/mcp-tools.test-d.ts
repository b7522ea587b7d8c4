import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { createRLM, type HostTool } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { describe, expectTypeOf, test } from "vitest";
import { type McpToolInfo, mcpTools } from "../../src/index.js";

declare const client: Client;

describe("mcpTools", () => {
  test("gives host tools that createRLM takes beside others", async () => {
    const tools = await mcpTools(client, { prefix: "weather_", include: ["get-weather"] });
    expectTypeOf(tools).toExtend<Record<string, HostTool>>();
    createRLM({
      model: scriptedModel({ replies: [] }),
      sandbox: vmSandbox(),
      tools: { ...tools, now: () => Date.now() },
    });
  });

  test("include is a list of server names or a predicate on the listed tool", () => {
    expectTypeOf(mcpTools).parameter(1).exclude<undefined>().toHaveProperty("include");
    mcpTools(client, {
      include: (tool) => {
        expectTypeOf(tool).toEqualTypeOf<McpToolInfo>();
        return tool.annotations?.destructiveHint !== true;
      },
    });
    // @ts-expect-error include takes names, not a pattern
    mcpTools(client, { include: /get/ });
  });
});
