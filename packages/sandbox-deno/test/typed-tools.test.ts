import { createRLM, type RLMEvent, tool } from "@rlm/core";
import { scriptedModel } from "@rlm/core/testing";
import { afterAll, describe, expect, it } from "vitest";
import { type DenoSandbox, denoSandbox } from "../src/index.js";

const repl = (code: string) => `\`\`\`repl\n${code}\n\`\`\``;

const price = tool<{ item: string; quantity?: number }>({
  description: "The price of an item in cents.",
  inputSchema: {
    type: "object",
    properties: { item: { type: "string" }, quantity: { type: "integer", minimum: 1 } },
    required: ["item"],
    additionalProperties: false,
  },
  execute: ({ item, quantity = 1 }) => ({ item, cents: item.length * 100 * quantity }),
});

async function run(sandbox: DenoSandbox, code: string) {
  const events: RLMEvent[] = [];
  const model = scriptedModel({ replies: [repl(code)] });
  const rlm = createRLM({
    model,
    sandbox,
    tools: { price },
    sinks: [{ onEvent: (event) => events.push(event) }],
  });
  const result = await rlm.complete({ context: "shop", query: "What does tea cost?" });
  const system = model.calls[0]?.messages[0]?.content;
  return { answer: result.answer, events, system: typeof system === "string" ? system : "" };
}

function toolErrors(events: readonly RLMEvent[]): (string | undefined)[] {
  return events.flatMap((event) => (event.type === "tool-call-end" ? [event.error?.name] : []));
}

describe("typed tools in the Deno sandbox", () => {
  const sandboxes: DenoSandbox[] = [];
  afterAll(async () => {
    await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
  });

  it("JavaScript: validated arguments reach execute; invalid ones reject in the cell", async () => {
    const sandbox = denoSandbox({ warmSessions: 0 });
    sandboxes.push(sandbox);
    const { answer, events, system } = await run(
      sandbox,
      [
        "let why = '';",
        "try { await price({ item: 'tea', quantity: 0 }) } catch (e) { why = e.message }",
        "FINAL({ ok: await price({ item: 'tea', quantity: 2 }), why })",
      ].join("\n"),
    );
    const parsed = JSON.parse(answer as string);
    expect(parsed.ok).toEqual({ item: "tea", cents: 600 });
    expect(parsed.why).toMatch(/^Invalid arguments for tool "price": \$\.quantity: .*1/);
    expect(parsed.why).toContain("Expected: await price({ item: string, quantity?: number })");
    expect(system).toContain(
      "  - `await price({ item: string, quantity?: number })`: The price of an item in cents.",
    );
    expect(toolErrors(events)).toEqual(["InvalidToolArgumentsError", undefined]);
  });

  it("Python: keyword arguments or one dict; invalid ones raise in the cell", async () => {
    const sandbox = denoSandbox({ warmSessions: 0, language: "python" });
    sandboxes.push(sandbox);
    const { answer, events, system } = await run(
      sandbox,
      [
        "try:",
        "    price(item='tea', colour='green')",
        "except Exception as e:",
        "    why = str(e)",
        "FINAL({'kw': price(item='tea', quantity=3), 'dict': price({'item': 'coffee'}), 'why': why})",
      ].join("\n"),
    );
    const parsed = JSON.parse(answer as string);
    expect(parsed.kw).toEqual({ item: "tea", cents: 900 });
    expect(parsed.dict).toEqual({ item: "coffee", cents: 600 });
    expect(parsed.why).toContain(
      'Invalid arguments for tool "price": $: property "colour" is not allowed',
    );
    expect(parsed.why).toContain("Expected: price(item: str, quantity: int = None)");
    expect(system).toContain(
      "  - `price(item: str, quantity: int = None)`: The price of an item in cents.",
    );
    expect(toolErrors(events)).toEqual(["InvalidToolArgumentsError", undefined, undefined]);
  });
});
