import type { SandboxSession } from "@rlm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cell, denoChildren, openSession, recordingHost } from "./helpers.js";

describe("JavaScript REPL semantics", () => {
  const host = recordingHost();
  let session: SandboxSession;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openSession({ context: "hello world", host, toolNames: ["lookup"] });
    session = opened.session;
    close = async () => {
      await opened.session.close();
      await opened.sandbox.close();
    };
  });
  afterAll(async () => {
    await close();
    expect(denoChildren()).toEqual([]);
  });

  it("holds the context and shows the last expression", async () => {
    const result = await cell(session, "context.length");
    expect(result).toEqual({ output: "11", truncated: false });
  });

  it("keeps variables, functions and classes across cells", async () => {
    await cell(
      session,
      "let a = 1; const b = 2; var c = 3; function f(x) { return x * 10 } class K { v() { return 7 } }",
    );
    const result = await cell(session, "a + b + c + f(1) + new K().v()");
    expect(result.output).toBe("23");
    expect((await cell(session, "let a = 5; a")).output).toBe("5");
  });

  it("supports top-level await and bridges", async () => {
    const result = await cell(session, 'const r = await llm_query("hi", { model: "cheap" }); r');
    expect(result.output).toBe("'answer(hi)'");
    expect(host.calls.at(-1)).toEqual({ kind: "llm", prompt: "hi", model: "cheap" });
  });

  it("captures console.log and print", async () => {
    const result = await cell(session, 'console.log("a", 1, { b: 2 }); print("c")');
    expect(result.output).toBe("a 1 { b: 2 }\nc");
  });

  it("batches and reports failed slots as strings", async () => {
    const failing = recordingHost((prompt) => {
      if (prompt === "bad") throw new Error("boom");
      return prompt.toUpperCase();
    });
    const opened = await openSession({ host: failing });
    try {
      const result = await cell(
        opened.session,
        'JSON.stringify(await llm_query_batched(["x", "bad", "y"]))',
      );
      expect(result.output).toBe(`'["X","Error: boom","Y"]'`);
      const single = await cell(
        opened.session,
        'try { await llm_query("bad") } catch (e) { print("caught", e.message, e instanceof Error) }',
      );
      expect(single.output).toBe("caught boom true");
      const rlm = await cell(
        opened.session,
        'JSON.stringify(await rlm_query_batched([{ prompt: "p1", context: ["a"] }, "p2"]))',
      );
      expect(rlm.output).toBe(`'["P1","P2"]'`);
      expect(failing.calls.filter((c) => c.kind === "rlm").map((c) => c.context)).toEqual([
        ["a"],
        undefined,
      ]);
    } finally {
      await opened.session.close();
      await opened.sandbox.close();
    }
  });

  it("FINAL: first call wins, value is JSON", async () => {
    const result = await cell(session, 'FINAL({ n: 1, s: "x" }); FINAL("second"); print("after")');
    expect(result.final).toEqual({ value: { n: 1, s: "x" } });
    expect(result.output).toBe("after");
  });

  it("FINAL_VAR takes a variable name", async () => {
    await cell(session, 'const answer = ["a", "b"]');
    expect((await cell(session, 'FINAL_VAR("answer")')).final).toEqual({ value: ["a", "b"] });
    const missing = await cell(session, 'FINAL_VAR("nope")');
    expect(missing.error).toMatch(/ReferenceError: FINAL_VAR: no variable named "nope"/);
    expect(missing.final).toBeUndefined();
  });

  it("readVariable returns strings raw and other values as JSON", async () => {
    await cell(session, 'const text = "plain"; const obj = { k: [1, 2] }');
    expect(await session.readVariable("text")).toBe("plain");
    expect(await session.readVariable("obj")).toBe('{"k":[1,2]}');
    expect(await session.readVariable("undefinedName")).toBeUndefined();
    expect(await session.readVariable("llm_query")).toBeUndefined();
    expect(await session.readVariable("context")).toBe("hello world");
  });

  it("SHOW_VARS lists user variables only", async () => {
    const result = await cell(
      session,
      "const showMe = 1; SHOW_VARS().includes('showMe') && !SHOW_VARS().includes('llm_query')",
    );
    expect(result.output).toBe("true");
  });

  it("bridges cannot be overwritten or deleted", async () => {
    const result = await cell(
      session,
      'llm_query = null; delete globalThis.FINAL; Object.defineProperty(globalThis, "print", { value: 1 })',
    );
    expect(result.final).toBeUndefined();
    expect((await cell(session, "typeof llm_query + typeof FINAL + typeof print")).output).toBe(
      "'functionfunctionfunction'",
    );
  });

  it("calls user tools with JSON arguments", async () => {
    const result = await cell(session, 'JSON.stringify(await lookup({ q: "x" }))');
    expect(result.output).toBe(`'{"echoed":{"q":"x"}}'`);
  });

  it("reports errors and syntax errors", async () => {
    expect((await cell(session, 'throw new RangeError("bad")')).error).toBe("RangeError: bad");
    expect((await cell(session, "let = ;")).error).toMatch(/^SyntaxError/);
    expect((await cell(session, "await Promise.reject(new Error('rej'))")).error).toBe(
      "Error: rej",
    );
  });

  it("caps console output per cell", async () => {
    const result = await cell(
      session,
      'for (let i = 0; i < 100000; i++) console.log("x".repeat(100))',
    );
    expect(result.truncated).toBe(true);
    expect(result.output.length).toBeLessThanOrEqual(100_000);
  });

  it("timers work within a cell", async () => {
    const result = await cell(session, "await new Promise((r) => setTimeout(() => r(42), 20))");
    expect(result.output).toBe("42");
  });
});
