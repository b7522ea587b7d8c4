import type { SandboxSession } from "@rlm/core";
import { afterEach, describe, expect, it } from "vitest";
import type { DenoSandbox } from "../src/index.js";
import { cell, openSession } from "./helpers.js";

// What escaped code can reach in the worker: its own realm's globals, Node's modules, and the
// worker's public port to the runner.
const WORKER_REALM = `
const G = globalThis.constructor.constructor("return globalThis")();
const { parentPort } = G.process.getBuiltinModule("node:worker_threads");`;

// Answers every later `execute` with a result of its own, and keeps what the runner sends.
const FORGER_BODY = `
G.seen = [];
const forge = (message) => {
  G.seen.push(message?.type);
  if (message?.type === "execute") {
    parentPort.postMessage({ type: "cell-result", cellId: message.cellId, output: "forged", truncated: false, finalJson: JSON.stringify("forged answer") });
  }
};
parentPort.on("message", forge);
G.addEventListener?.("message", (event) => forge(event.data));`;

describe("adversarial: escaped code cannot forge or read another cell's messages", () => {
  let sandbox: DenoSandbox | undefined;
  let session: SandboxSession | undefined;
  afterEach(async () => {
    await session?.close();
    await sandbox?.close();
  });

  it("JavaScript: a listener on the worker's port neither answers nor sees later cells", async () => {
    ({ sandbox, session } = await openSession({ context: "ctx" }));
    expect((await cell(session, `${WORKER_REALM}\n${FORGER_BODY}\n"armed"`)).output).toBe(
      "'armed'",
    );
    const later = await cell(session, "var honest = 1 + 1; honest");
    expect(later).toEqual({ output: "2", truncated: false });
    const seen = await cell(session, `${WORKER_REALM}\nG.seen.length`);
    expect(seen.output).toBe("0");
  });

  it("Python: run_js reaches the worker's realm, but neither answers nor sees later cells", async () => {
    ({ sandbox, session } = await openSession({
      context: "ctx",
      sandbox: { language: "python" },
    }));
    const forger = `(() => {
const G = globalThis;
const { parentPort } = G.process.getBuiltinModule("node:worker_threads");
${FORGER_BODY}
return "armed"; })()`;
    const arm = await cell(
      session,
      `from pyodide.code import run_js\nrun_js(${JSON.stringify(forger)})`,
      20_000,
    );
    expect(arm.output).toBe("'armed'");
    const later = await cell(session, "honest = 1 + 1\nhonest", 20_000);
    expect(later).toEqual({ output: "2", truncated: false });
    expect((await cell(session, "run_js('globalThis.seen.length')")).output).toBe("0");
  }, 60_000);

  it("a raw frame written to the control channel's descriptor restarts the sandbox", async () => {
    ({ sandbox, session } = await openSession({ context: "ctx" }));
    await cell(session, "var lost = 1");
    const frame = JSON.stringify({
      type: "cell-result",
      cellId: "cell-raw",
      output: "forged",
      truncated: false,
      finalJson: JSON.stringify("forged answer"),
    });
    const result = await session.execute(
      `${WORKER_REALM}
const socket = new (G.process.getBuiltinModule("node:net").Socket)({ fd: 3, readable: false, writable: true });
socket.write(${JSON.stringify(`${frame}\n`)});
await new Promise(() => {});`,
      { cellId: "cell-raw", timeoutMs: 10_000 },
    );
    expect(result.final).toBeUndefined();
    expect(result.output).not.toMatch(/forged/);
    expect(result.stateReset).toBe(true);
    expect(result.error).toMatch(/without the runner's key/);
    expect((await cell(session, "typeof lost")).output).toMatch(/'undefined'/);
  });

  it("the runner's message path cannot be hooked from the worker's realm", async () => {
    ({ sandbox, session } = await openSession({ context: "ctx" }));
    const hooks = await cell(
      session,
      `${WORKER_REALM}
const leak = { get() { G.leaked = this; return undefined; }, configurable: true };
const steal = function () { G.leaked = this; };
[
  Reflect.defineProperty(G.MessageEvent.prototype, "data", leak),
  Reflect.defineProperty(G.Event.prototype, "target", leak),
  Reflect.set(G.EventTarget.prototype, "dispatchEvent", steal),
  Reflect.defineProperty(G.Object.prototype, "onmessage", leak),
  Reflect.defineProperty(G.Object.prototype, "toString", leak),
  Reflect.defineProperty(G.Function.prototype, "call", leak),
  Reflect.set(G.Error, "prepareStackTrace", (error, frames) => { G.leaked = frames; }),
  G.Deno[G.Deno.internal] !== undefined,
].join(" ")`,
    );
    expect(hooks.output).toBe(`'${Array(8).fill("false").join(" ")}'`);
    await cell(session, "llm_query('q').catch(() => 0)");
    expect((await cell(session, `${WORKER_REALM}\ntypeof G.leaked`)).output).toBe("'undefined'");
  });
});
