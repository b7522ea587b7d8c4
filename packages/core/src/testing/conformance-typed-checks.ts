import assert from "node:assert/strict";
import type { Context } from "../context/context.js";
import { contentText } from "../model/content-text.js";
import type {
  BudgetSnapshot,
  HostBridge,
  SandboxSession,
  SubCallPrompt,
} from "../sandbox/sandbox.js";
import {
  CONFORMANCE_SCHEMA,
  type ConformanceCells,
  GIF_DATA_URL,
  PNG_BYTES,
} from "./conformance-cells.js";
import type { SandboxBehaviour } from "./sandbox-conformance.js";

/** What `budget()` reports in the conformance suite: set and unset limits. */
export const CONFORMANCE_BUDGET: BudgetSnapshot = {
  costUsd: { used: 0.25, limit: 1, remaining: 0.75 },
  tokens: { used: 1_000, limit: null, remaining: null },
  subCalls: { used: 3, limit: 10, remaining: 7 },
  timeMs: { used: 500, limit: 60_000, remaining: 59_500 },
  depth: { used: 0, limit: 1, remaining: 1 },
  iterations: { used: 2, limit: 30, remaining: 28 },
};

/** One call the typed checks' host received, as it received it. */
export interface TypedCall {
  kind: "llm" | "rlm" | "budget";
  prompt?: SubCallPrompt;
  schema?: unknown;
  context?: Context;
  cellId: string;
}

type Check = (name: SandboxBehaviour, title: string, body: () => Promise<void>) => void;
type WithSession = (
  body: (tools: {
    session: SandboxSession;
    run: (code: string) => ReturnType<SandboxSession["execute"]>;
    cells: ConformanceCells;
  }) => Promise<void>,
  session: { host: () => HostBridge; context?: Context },
) => Promise<void>;

/**
 * The checks of typed sub-calls, image parts, binary context items and `budget()`: each
 * cell's calls must reach the host as core's types (parts with bytes, schemas as JSON,
 * byte arrays as `Uint8Array`s), and the host's values must reach the code as values.
 */
export function typedSubCallChecks(check: Check, withSession: WithSession): void {
  check("typed-sub-calls", "a schema reaches the host; values come back as values", () => {
    const calls: TypedCall[] = [];
    return withSession(
      async ({ run, cells }) => {
        const typed = await run(cells.typedCalls);
        assert.equal(typed.error, undefined);
        assert.deepEqual(typed.final, {
          value: {
            one: { n: 3 },
            many: [{ n: 1 }, { n: 2 }],
            child: { n: 4 },
            children: [{ n: 5 }],
          },
        });
        assert.equal(calls.length, 5);
        for (const call of calls) assert.deepEqual(call.schema, CONFORMANCE_SCHEMA);
        const failed = await run(cells.typedFailure);
        assert.equal(failed.error, undefined);
        assert.match(failed.output, /caught .*did not match the schema after 3 attempts/);
      },
      { host: () => typedHost(calls) },
    );
  });

  check("image-parts", "text and image parts reach the host in order, as bytes", () => {
    const calls: TypedCall[] = [];
    return withSession(
      async ({ run, cells }) => {
        const result = await run(cells.imageParts);
        assert.equal(result.error, undefined);
        assert.match(result.output, /LOOK/);
        const parts = calls[0]?.prompt;
        assert.ok(Array.isArray(parts), "the prompt reaches the host as a list of parts");
        assert.deepEqual(
          parts.map((part) => part.type),
          ["text", "image", "text", "image"],
        );
        const [look, png, end, gif] = parts;
        assert.deepEqual(look, { type: "text", text: "look" });
        assert.deepEqual(end, { type: "text", text: "end" });
        assert.ok(png?.type === "image" && png.data instanceof Uint8Array);
        assert.deepEqual([...png.data], PNG_BYTES);
        // Bytes without a type may come with the type told from them, or without one.
        assert.ok(png.mediaType === undefined || png.mediaType === "image/png");
        assert.ok(gif?.type === "image" && gif.data instanceof Uint8Array);
        assert.equal(Buffer.from(gif.data).toString("latin1"), "GIF89a");
        assert.equal(gif.mediaType, GIF_DATA_URL.slice(5, 14));
      },
      { host: () => typedHost(calls) },
    );
  });

  check("binary-context", "binary context items are byte arrays in the REPL and back", () => {
    const calls: TypedCall[] = [];
    const png = new Uint8Array(PNG_BYTES);
    return withSession(
      async ({ session, run, cells }) => {
        const seen = await run(cells.readBinaryContext);
        assert.equal(seen.error, undefined);
        assert.deepEqual(seen.final, {
          value: [3, true, PNG_BYTES.length, PNG_BYTES[0], "text", [1, 2, 3]],
        });
        const sent = await run(cells.binarySubContext);
        assert.equal(sent.error, undefined);
        const context = calls[0]?.context;
        assert.ok(Array.isArray(context) && context[0] instanceof Uint8Array);
        assert.deepEqual([...(context[0] as Uint8Array)], PNG_BYTES);
        await session.setVariable("context_1", new Uint8Array([7, 8]));
        assert.match((await run("context_1[1]")).output, /8/);
      },
      { host: () => typedHost(calls), context: [png, "text", new Uint8Array([1, 2, 3])] },
    );
  });

  check("budget", "budget() returns the host's snapshot, null for unset limits", () => {
    const calls: TypedCall[] = [];
    return withSession(
      async ({ run, cells }) => {
        const result = await run(cells.readBudget);
        assert.equal(result.error, undefined);
        assert.deepEqual(result.final, { value: CONFORMANCE_BUDGET });
        assert.deepEqual(
          calls.map((call) => call.kind),
          ["budget"],
        );
      },
      { host: () => typedHost(calls) },
    );
  });
}

/**
 * Answers a typed call with `{ n: <characters of the prompt's text> }`, a plain one with the
 * text in capitals, and rejects the prompt "bad" as a typed call that failed its schema.
 */
function typedHost(calls: TypedCall[]): HostBridge {
  const answer = (prompt: SubCallPrompt, schema: unknown) => {
    const text = contentText(prompt);
    if (schema === undefined) return text.toUpperCase();
    if (text === "bad") {
      throw new Error(
        "llm_query: the reply did not match the schema after 3 attempts: $.n: expected number, got string",
      );
    }
    return { n: text.length };
  };
  return {
    llmQuery: async ({ prompt, schema, cellId }) => {
      calls.push({ kind: "llm", prompt, ...(schema ? { schema } : {}), cellId });
      return answer(prompt, schema);
    },
    rlmQuery: async ({ prompt, context, schema, cellId }) => {
      calls.push({
        kind: "rlm",
        prompt,
        ...(schema ? { schema } : {}),
        ...(context !== undefined ? { context } : {}),
        cellId,
      });
      return answer(prompt, schema);
    },
    tool: async ({ args }) => args,
    budget: ({ cellId }) => {
      calls.push({ kind: "budget", cellId });
      return CONFORMANCE_BUDGET;
    },
  };
}
