import { SpanStatusCode } from "@opentelemetry/api";
import { createRLM, tool } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { describe, expect, it } from "vitest";
import { inMemoryTelemetry } from "./test-support/in-memory-telemetry.js";
import { parentOf, spanId } from "./test-support/span-tree.js";

const lookup = tool({
  description: "Finds a record by id.",
  inputSchema: {
    type: "object",
    properties: { id: { type: "integer" } },
    required: ["id"],
  },
  execute: (args) => ({ found: (args as { id: number }).id }),
});

describe("otelSink and typed tools", () => {
  it("gives a typed tool call an execute_tool span; invalid arguments mark it failed", async () => {
    const telemetry = inMemoryTelemetry({ captureContent: true });
    const root = scriptedModel({
      replies: [
        `\`\`\`repl\ntry { await lookup({ id: "seven" }) } catch {}\nFINAL(String((await lookup({ id: 7 })).found))\n\`\`\``,
      ],
    });
    const rlm = createRLM({
      model: root,
      sandbox: vmSandbox(),
      tools: { lookup },
      sinks: [telemetry.sink],
    });
    expect((await rlm.complete({ context: "c", query: "q" })).answer).toBe("7");
    const spans = telemetry.spans();
    const cell = spans.find((span) => span.name === "execute_tool repl");
    const calls = spans.filter((span) => span.name === "execute_tool lookup");
    expect(cell).toBeDefined();
    expect(calls.map((span) => parentOf(span))).toEqual([spanId(cell!), spanId(cell!)]);
    const [invalid, valid] = calls;
    expect(invalid?.attributes).toMatchObject({
      "gen_ai.tool.name": "lookup",
      "gen_ai.tool.call.arguments": '{"id":"seven"}',
      "error.type": "InvalidToolArgumentsError",
    });
    expect(invalid?.status.code).toBe(SpanStatusCode.ERROR);
    expect(invalid?.status.message).toContain('Invalid arguments for tool "lookup": $.id:');
    expect(valid?.attributes["gen_ai.tool.call.result"]).toBe('{"found":7}');
    expect(valid?.status.code).toBe(SpanStatusCode.UNSET);
  });
});
