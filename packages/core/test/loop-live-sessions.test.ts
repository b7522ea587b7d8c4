import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  createRLM,
  messageText,
  type RLMEvent,
  type Sandbox,
  type SandboxSession,
} from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { repl } from "./fixtures.js";

/** A vm sandbox that counts its open sessions and remembers the most it ever had. */
function countingSandbox(): Sandbox & { live: number; peak: number; opened: number } {
  const inner = vmSandbox();
  const counter = {
    language: inner.language,
    live: 0,
    peak: 0,
    opened: 0,
    async createSession(options: Parameters<Sandbox["createSession"]>[0]) {
      const session: SandboxSession = await inner.createSession(options);
      counter.live++;
      counter.opened++;
      counter.peak = Math.max(counter.peak, counter.live);
      let closed = false;
      return {
        language: session.language,
        execute: (code: string, executeOptions: Parameters<SandboxSession["execute"]>[1]) =>
          session.execute(code, executeOptions),
        readVariable: (name: string) => session.readVariable(name),
        setVariable: (name: string, value: Parameters<SandboxSession["setVariable"]>[1]) =>
          session.setVariable(name, value),
        async close() {
          if (!closed) counter.live--;
          closed = true;
          await session.close();
        },
      };
    },
  };
  return counter;
}

/** Every node fans out to `width` children until `maxDepth`, where it answers 1; parents sum. */
function fanOutModel(width: number, maxDepth: number) {
  return scriptedModel({
    respond: async (request) => {
      const first = request.messages[0];
      const system = first ? messageText(first) : "";
      const depth = Number(/depth (\d+)/i.exec(system)?.[1] ?? 0);
      // Model replies take turns with the event loop, so siblings really run side by side.
      await new Promise((resolve) => setImmediate(resolve));
      if (depth >= maxDepth) return repl("FINAL('1')");
      return repl(
        `const answers = await rlm_query_batched(Array.from({ length: ${width} }, (_, i) => ({ prompt: 'part ' + i, context: 'c' + i })))\nFINAL(String(answers.reduce((sum, a) => sum + Number(a), 0)))`,
      );
    },
  });
}

describe("maxLiveSessions", () => {
  it("caps live sandbox sessions at depth 2 with a fan-out wider than the cap, without deadlock", async () => {
    const sandbox = countingSandbox();
    const events: RLMEvent[] = [];
    const rlm = createRLM({
      model: fanOutModel(4, 2),
      sandbox,
      maxDepth: 2,
      limits: { maxLiveSessions: 3 },
      systemPrompt: (info) => `You are at depth ${info.depth}.`,
      sinks: [{ onEvent: (event) => events.push(event) }],
    });
    const result = await rlm.complete({ context: "root", query: "count" });
    // 4 children, each with 4 grandchildren: 16 leaves.
    expect(result.answer).toBe("16");
    expect(sandbox.opened).toBe(1 + 4 + 16);
    expect(sandbox.peak).toBe(3);
    expect(sandbox.live).toBe(0);
    const waits = events.filter((event) => event.type === "sandbox-wait-start");
    const ends = events.filter((event) => event.type === "sandbox-wait-end");
    expect(waits.length).toBeGreaterThan(0);
    expect(ends).toHaveLength(waits.length);
    expect(waits.every((event) => event.depth > 0)).toBe(true);
    expect(waits[0]).toMatchObject({ maxLiveSessions: 3 });
    const runStart = events.find((event) => event.type === "run-start");
    expect(runStart?.type === "run-start" && runStart.limits.maxLiveSessions).toBe(3);
  });

  it("a wider cap lets siblings run side by side", async () => {
    const sandbox = countingSandbox();
    const rlm = createRLM({
      model: fanOutModel(5, 1),
      sandbox,
      maxDepth: 1,
      limits: { maxLiveSessions: 4 },
      systemPrompt: (info) => `You are at depth ${info.depth}.`,
    });
    const result = await rlm.complete({ context: "root", query: "count" });
    expect(result.answer).toBe("5");
    expect(sandbox.peak).toBe(4);
  });

  it("refuses a cap below maxDepth + 1, which could deadlock", () => {
    expect(() =>
      createRLM({
        model: scriptedModel({ replies: [] }),
        sandbox: vmSandbox(),
        maxDepth: 2,
        limits: { maxLiveSessions: 2 },
      }),
    ).toThrow(ConfigurationError);
  });
});
