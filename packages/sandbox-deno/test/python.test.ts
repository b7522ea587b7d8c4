import type { SandboxSession } from "@rlm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DenoSandbox } from "../src/index.js";
import { cell, openSession, recordingHost } from "./helpers.js";

describe("Python (Pyodide) REPL", () => {
  const host = recordingHost((prompt) => {
    if (prompt === "bad") throw new Error("boom");
    return prompt.toUpperCase();
  });
  let sandbox: DenoSandbox;
  let session: SandboxSession;
  beforeAll(async () => {
    ({ sandbox, session } = await openSession({
      context: "hello python",
      host,
      toolNames: ["lookup"],
      sandbox: { language: "python" },
    }));
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await sandbox?.close();
  });

  it("holds the context, keeps variables, shows the last expression", async () => {
    expect((await cell(session, "len(context)")).output).toBe("12");
    await cell(session, "x = 41\ndef f(v):\n    return v + 1");
    expect((await cell(session, "print('hi')\nf(x)")).output).toBe("hi\n42");
  });

  it("calls llm_query synchronously, batches, and raises on failure", async () => {
    const result = await cell(
      session,
      'a = llm_query("one", model="cheap")\nb = llm_query_batched(["x", "bad"])\ntry:\n    llm_query("bad")\nexcept Exception as e:\n    c = str(e)\nprint(a, b, "boom" in c)',
    );
    expect(result.error).toBeUndefined();
    expect(result.output).toBe("ONE ['X', 'Error: boom'] True");
    expect(host.calls[0]).toEqual({ kind: "llm", prompt: "one", model: "cheap" });
    const rlm = await cell(session, 'rlm_query_batched([("p", ["a"]), "q"])');
    expect(rlm.output).toBe("['P', 'Q']");
  });

  it("FINAL, FINAL_VAR, readVariable, SHOW_VARS and tools", async () => {
    expect((await cell(session, 'FINAL({"n": 1})\nFINAL("second")')).final).toEqual({
      value: { n: 1 },
    });
    await cell(session, 'answer = ["a", "b"]\ntext = "plain"');
    expect((await cell(session, 'FINAL_VAR("answer")')).final).toEqual({ value: ["a", "b"] });
    expect(await session.readVariable("text")).toBe("plain");
    expect(await session.readVariable("answer")).toBe('["a", "b"]');
    expect(await session.readVariable("llm_query")).toBeUndefined();
    expect(
      (await cell(session, '"answer" in SHOW_VARS() and "llm_query" not in SHOW_VARS()')).output,
    ).toBe("True");
    expect((await cell(session, 'lookup({"q": 1})')).output).toBe("{'echoed': {'q': 1}}");
    await cell(session, "llm_query = None");
    expect((await cell(session, "llm_query('restored')")).output).toBe("'RESTORED'");
  });

  it("reports errors with the traceback tail", async () => {
    const result = await cell(session, "1 / 0");
    expect(result.error).toMatch(/ZeroDivisionError/);
  });

  it("interrupts an infinite loop and keeps state", async () => {
    const result = await cell(session, "while True:\n    pass", 800);
    expect(result.error).toMatch(/timed out after 800 ms \(variables were kept\)/);
    expect((await cell(session, "x + 1")).output).toBe("42");
  });

  it("escalates to a restart when Python swallows KeyboardInterrupt", async () => {
    const result = await cell(
      session,
      "while True:\n    try:\n        while True: pass\n    except BaseException:\n        pass",
      500,
    );
    expect(result.stateReset).toBe(true);
    expect((await cell(session, "len(context)")).output).toBe("12");
  });

  const escapes: [string, string, RegExp][] = [
    ["open() on a host path", "open('/etc/passwd').read()", /FileNotFoundError|No such file/],
    [
      "js.Deno.readTextFile",
      "import js\nfrom pyodide.ffi import run_sync\nrun_sync(js.Deno.readTextFile('/etc/passwd'))",
      /NotCapable/,
    ],
    [
      "js.fetch",
      "import js\nfrom pyodide.ffi import run_sync\nrun_sync(js.fetch('https://example.com'))",
      /NotCapable/,
    ],
    ["js.Deno.env", "import js\njs.Deno.env.get('HOME')", /NotCapable/],
    [
      "js.Deno.Command",
      "import js\njs.eval('new Deno.Command(\"/usr/bin/id\").outputSync()')",
      /NotCapable/,
    ],
    [
      "pyodide_js.loadPackage",
      "import pyodide_js\nfrom pyodide.ffi import run_sync\nrun_sync(pyodide_js.loadPackage('numpy'))\nimport numpy",
      /NotCapable|ModuleNotFoundError|No module|Error/,
    ],
    ["micropip", "import micropip", /ModuleNotFoundError|No module named 'micropip'/],
    ["subprocess", "import subprocess\nsubprocess.run(['id'])", /OSError|not support/],
    [
      "socket",
      "import socket\nsocket.create_connection(('127.0.0.1', 22), timeout=1)",
      /OSError|Error/,
    ],
    [
      "os.environ holds no host secrets",
      "import os\nassert not any('sk-' in v or 'KEY' in k for k, v in os.environ.items())\nraise RuntimeError('environ clean')",
      /environ clean/,
    ],
  ];
  for (const [name, code, expected] of escapes) {
    it(`python escape: ${name}`, async () => {
      const result = await cell(session, code, 10_000);
      expect(`${result.error ?? ""}${result.output}`).toMatch(expected);
      expect((await cell(session, "len(context)")).output).toBe("12");
    });
  }
});
