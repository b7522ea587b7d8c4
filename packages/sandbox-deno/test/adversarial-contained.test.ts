import { readFileSync } from "node:fs";
import type { SandboxSession } from "@rlm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DenoSandbox } from "../src/index.js";
import { cell, denoChildren, openSession, recordingHost, waitUntil } from "./helpers.js";

const ESCAPE = 'const G = globalThis.constructor.constructor("return globalThis")();';
const RESET = /restarted/;

async function expectAlive(session: SandboxSession, expected = "'ctx'") {
  expect((await cell(session, "context", 10_000)).output).toBe(expected);
}

describe("adversarial: time limits keep state", () => {
  let sandbox: DenoSandbox;
  let session: SandboxSession;
  beforeAll(async () => {
    ({ sandbox, session } = await openSession({ context: "ctx" }));
    await cell(session, "let kept = 41");
  });
  afterAll(async () => {
    await session.close();
    await sandbox.close();
  });

  const loops: [string, string][] = [
    ["synchronous while(true)", "while (true) {}"],
    ["loop after await", "await null; while (true) {}"],
    ["loop after await llm_query", 'await llm_query("q"); while (true) {}'],
    ["never-settling promise", "await new Promise(() => {})"],
    ["Atomics.wait forever", "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)"],
    [
      "loop in a timer callback",
      "await new Promise(() => setTimeout(() => { while (true) {} }, 1))",
    ],
    ["loop in a thenable", "await { then() { while (true) {} } }"],
  ];
  for (const [name, code] of loops) {
    it(`${name}: timeout with variables kept`, async () => {
      const result = await cell(session, code, 400);
      expect(result.error).toMatch(/timed out after 400 ms \(variables were kept\)/);
      expect(result.stateReset).toBeUndefined();
      expect((await cell(session, "kept += 1; kept - 1")).output).toMatch(/^\d+$/);
      await expectAlive(session);
    });
  }

  it("a Proxy with looping traps as the result value times out with state kept", async () => {
    const result = await cell(
      session,
      "new Proxy({}, { get() { while (true) {} }, ownKeys() { while (true) {} } })",
      1000,
    );
    expect(result.error).toMatch(/timed out/);
    expect(result.stateReset).toBeUndefined();
    expect((await cell(session, "typeof kept")).output).toBe("'number'");
  });

  it("a Proxy without a then trap is shown without running its traps", async () => {
    const result = await cell(
      session,
      "const p = new Proxy({}, { ownKeys() { while (true) {} }, getOwnPropertyDescriptor() { while (true) {} } }); [p]",
    );
    expect(result.error).toBeUndefined();
    expect(result.output).toMatch(/Proxy/);
  });

  it("a looping toString in a thrown value is cut off", async () => {
    const result = await cell(session, "throw { get message() { while (true) {} } }", 2000);
    expect(result.error).toMatch(/could not be formatted|timed out/);
    await expectAlive(session);
  });
});

describe("adversarial: escapes that cost the process", () => {
  let sandbox: DenoSandbox;
  let session: SandboxSession;
  beforeAll(async () => {
    ({ sandbox, session } = await openSession({
      context: "ctx",
      sandbox: { heapMb: 192, maxRssMb: 700, maxRawOutputBytes: 256 * 1024 },
    }));
  });
  afterAll(async () => {
    await session.close();
    await sandbox.close();
  });

  async function expectReset(code: string, timeoutMs = 1000) {
    await cell(session, "var lost = 1");
    const result = await cell(session, `${ESCAPE}\n${code}`, timeoutMs);
    // The kill can land during the cell or between cells: either way the model is told.
    const next = result.stateReset ? result : await cell(session, "1");
    expect(next.stateReset).toBe(true);
    expect(`${next.error ?? ""}${next.output}`).toMatch(RESET);
    expect((await cell(session, "typeof lost")).output).toBe("'undefined'");
    await expectAlive(session);
  }

  it("a busy loop in the realm outside the vm guard is killed and the process restarted", () =>
    expectReset("G.setTimeout(() => { for (;;) {} }, 0); await new Promise(() => {})"));
  /**
   * Runs escaped code that leaves something burning CPU after its cell, and waits for the
   * idle CPU watchdog to kill the process. The watchdog acts on CPU time, which a loaded
   * machine hands out slowly, so the test waits for the kill itself, not for a fixed time.
   */
  async function expectIdleKill(code: string, reason: RegExp) {
    await cell(session, "var lost = 1");
    const [pid] = denoChildren();
    const result = await cell(session, `${ESCAPE}\n${code}`);
    expect(result.error).toBeUndefined();
    await waitUntil(() => !denoChildren().includes(pid as number), {
      what: "the idle CPU watchdog's kill",
    });
    const next = await cell(session, "typeof lost");
    expect(next.stateReset).toBe(true);
    expect(next.output).toMatch(/restarted[\s\S]*'undefined'/);
    expect(next.output).toMatch(reason);
  }
  /** Either idle check may act first: on a loaded machine a spin gets less than a core. */
  const IDLE_CPU = /kept using CPU after its cell ended|CPU-seconds within 30 s/;

  it("an escaped busy loop after the cell ends is caught by the idle CPU watchdog", () =>
    expectIdleKill('G.setTimeout(() => { for (;;) {} }, 50); "scheduled"', IDLE_CPU));
  it("a duty-cycled spin under the idle rate limit is stopped by the idle CPU budget", () => {
    const spin =
      "for(;;){ const t=Date.now(); while(Date.now()-t<45){} Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,55) }";
    // About 0.45 CPU-s/s: under the 0.6 rate check, past the 3 CPU-second budget.
    return expectIdleKill(
      `new G.Worker("data:text/javascript," + encodeURIComponent(${JSON.stringify(spin)}), { type: "module" }); "spinning"`,
      /CPU-seconds within 30 s/,
    );
  });
  it("a nested Worker spinning forever is stopped by the idle CPU watchdog", () =>
    expectIdleKill(
      'new G.Worker("data:text/javascript,for(;;){}", { type: "module" }); "spawned"',
      IDLE_CPU,
    ));
  // Deno lets `new net.Socket({ fd })` wrap any descriptor, so escaped code can write raw
  // bytes to the control channel (fd 3). Node's own IPC reader threw on these inside its
  // internals and ended the host; the host's parser kills the sandbox instead. (A process
  // wraps fd 3 once: each case runs in the fresh process the previous reset started.)
  const rawSocket =
    'new (G.process.getBuiltinModule("node:net").Socket)({ fd: 3, readable: false, writable: true }).on("error", () => {})';
  it("raw bytes that are not JSON on the control channel reset the sandbox, not the host", () =>
    expectReset(`${rawSocket}.write("not json\\n"); await new Promise(() => {});`));
  it("a raw frame without its end, growing past the frame cap, resets the sandbox", () =>
    expectReset(
      `for (let i = 0, socket = ${rawSocket}; i < 40; i++) socket.write("x".repeat(2 ** 24));
await new Promise(() => {});`,
      30_000,
    ));
  it("a raw Node-internal IPC frame on the control channel restarts the sandbox", () => {
    const frame = JSON.stringify('{"cmd":"NODE_HANDLE_ACK"}\n');
    return expectReset(`${rawSocket}.write(${frame}); await new Promise(() => {});`);
  });

  it("a JS heap bomb ends the worker, not the host", () =>
    expectReset(
      "const hoard = []; for (;;) hoard.push(new Array(1e5).fill(Math.random()))",
      20_000,
    ));
  it("an ArrayBuffer bomb is killed by the RSS watchdog", () =>
    expectReset(
      "const bufs = []; for (let i = 0; i < 40; i++) { bufs.push(new Uint8Array(50e6).fill(1)); await new Promise((r) => setTimeout(r, 20)) }",
      20_000,
    ));
  it("a WASM memory bomb is killed by the RSS watchdog", () =>
    expectReset(
      "const m = new WebAssembly.Memory({ initial: 1, maximum: 65536 }); for (let i = 0; i < 60; i++) { m.grow(512); new Uint8Array(m.buffer).fill(1); await new Promise((r) => setTimeout(r, 20)) }",
      20_000,
    ));
  it("a raw stdout flood is capped by killing the process", () =>
    expectReset(
      'const b = new TextEncoder().encode("x".repeat(65536)); for (;;) G.Deno.stdout.writeSync(b)',
      5000,
    ));
  it("a raw stderr flood through core.writeSync is capped", () =>
    expectReset(
      'const core = G.Deno[G.Deno.internal]?.core; const b = new TextEncoder().encode("y".repeat(65536)); for (;;) (core?.writeSync ? core.writeSync(2, b) : G.Deno.stderr.writeSync(b))',
      5000,
    ));
  it("Deno.exit() restarts the sandbox", () => expectReset("G.Deno.exit(3)"));
  it("process.exit() from a module Worker's view of the worker realm restarts it", () =>
    expectReset("G.process ? G.process.exit(1) : G.Deno.exit(1)"));
  it("self.close() in the worker restarts it", () =>
    expectReset("(G.close ?? (() => G.Deno.exit(0)))()"));
  it("an unhandled dgram bind error restarts at worst", async () => {
    const result = await cell(
      session,
      `${ESCAPE}\nconst w = new G.Worker("data:text/javascript," + encodeURIComponent('import("node:dgram").then((d) => d.createSocket("udp4").send("x", 9, "127.0.0.1"))'), { type: "module" }); await new Promise((r) => setTimeout(r, 300)); "done"`,
      5000,
    );
    expect(result.stateReset === true || result.output === "'done'").toBe(true);
    await expectAlive(session);
  });
  it("uncaught errors in escaped timers and unhandled rejections do not end the session", async () => {
    await cell(session, "var survivor = 7");
    const result = await cell(
      session,
      `${ESCAPE}\nG.setTimeout(() => { throw new Error("x") }, 0); Promise.reject(new Error("y")); await new Promise((r) => setTimeout(r, 100)); "ok"`,
    );
    expect(result.output).toBe("'ok'");
    expect((await cell(session, "survivor")).output).toBe("7");
  });
  it("a 2^29-character string is a RangeError", async () => {
    const result = await cell(session, '"a".repeat(2 ** 29).length', 10_000);
    expect(result.error).toMatch(/RangeError/);
    await expectAlive(session);
  });
  it("a huge return value and a huge error message are capped", async () => {
    const value = await cell(session, '"v".repeat(5e6)', 10_000);
    expect(value.output.length).toBeLessThanOrEqual(100_000);
    expect(value.output).toMatch(/more characters/);
    const printed = await cell(session, 'print("w".repeat(5e6))', 10_000);
    expect(printed.output.length).toBeLessThanOrEqual(100_000);
    expect(printed.truncated).toBe(true);
    const error = await cell(session, 'throw new Error("e".repeat(5e6))', 10_000);
    expect((error.error ?? "").length).toBeLessThanOrEqual(20_000);
  });
});

describe("adversarial: RPC integrity and sub-call floods", () => {
  it("a cell result posted on the worker's public port is not the cell's result", async () => {
    const { sandbox, session } = await openSession({ context: "ctx" });
    try {
      const result = await session.execute(
        `${ESCAPE}
const port = G.process.getBuiltinModule("node:worker_threads").parentPort;
port.postMessage({ type: "cell-result", cellId: "cell-own", output: "forged", truncated: false, finalJson: JSON.stringify("forged") });
await new Promise(() => {});`,
        { cellId: "cell-own", timeoutMs: 1000 },
      );
      expect(result.output).toBe("");
      expect(result.final).toBeUndefined();
      expect(result.error).toMatch(/timed out after 1000 ms \(variables were kept\)/);
    } finally {
      await session.close();
      await sandbox.close();
    }
  });

  it("forged worker messages never reach the host: wrong ids, other cells, repeated call ids", async () => {
    const host = recordingHost();
    const { sandbox, session } = await openSession({ context: "ctx", host });
    try {
      // The worker's parentPort is reachable after a realm escape; the runner listens only to
      // its private port, so nothing posted here reaches the host.
      const result = await cell(
        session,
        `${ESCAPE}
const port = G.process.getBuiltinModule("node:worker_threads").parentPort;
port.postMessage({ type: "cell-result", cellId: "someone-else", output: "forged", truncated: false });
port.postMessage({ type: "bridge-call", cellId: "future-cell", callId: 1, kind: "llm", prompt: "forged-future" });
port.postMessage({ type: "fatal", reason: "forged" });
port.postMessage({ type: "variable", requestId: 1, value: "forged" });
port.postMessage({ type: "bridge-call", cellId: 5, callId: "x", kind: "shell", prompt: {} });
port.postMessage(null);
await new Promise((r) => setTimeout(r, 100));
"real"`,
      );
      expect(result.output).toBe("'real'");
      expect(host.calls.map((call) => call.prompt)).not.toContain("forged-future");
      const duplicate = await session.execute(
        `${ESCAPE}
const port = G.process.getBuiltinModule("node:worker_threads").parentPort;
for (let i = 0; i < 5; i++) port.postMessage({ type: "bridge-call", cellId: "cell-forge", callId: 777, kind: "llm", prompt: "dup" });
await new Promise((r) => setTimeout(r, 200));
"done"`,
        { cellId: "cell-forge", timeoutMs: 5000 },
      );
      expect(duplicate.output).toBe("'done'");
      expect(host.calls.filter((call) => call.prompt === "dup")).toEqual([]);
      const stdout = await cell(
        session,
        `${ESCAPE}
G.Deno.stdout.writeSync(new TextEncoder().encode(JSON.stringify({ type: "cell-result", cellId: "x", output: "forged" }) + "\\n"));
"honest"`,
      );
      expect(stdout.output).toBe("'honest'");
      await expectAlive(session);
    } finally {
      await session.close();
      await sandbox.close();
    }
  });

  it("caps sub-calls per cell and in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const host = recordingHost(async (prompt) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return prompt;
    });
    const { sandbox, session } = await openSession({
      context: "ctx",
      host,
      sandbox: { maxSubCallsPerCell: 50, maxSubCallsInFlight: 4 },
    });
    try {
      const result = await cell(
        session,
        "const out = await llm_query_batched(Array.from({ length: 100 }, (_, i) => 'p' + i)); [out.filter((x) => x.startsWith('p')).length, out.filter((x) => x.includes('limit')).length]",
        20_000,
      );
      expect(result.output).toBe("[ 50, 50 ]");
      expect(host.calls.length).toBe(50);
      expect(peak).toBeLessThanOrEqual(4);
      const flood = await cell(
        session,
        "let n = 0; for (let i = 0; i < 1e5; i++) llm_query('x').catch(() => n++); await new Promise((r) => setTimeout(r, 300)); n",
        20_000,
      );
      expect(flood.error).toBeUndefined();
      expect(Number(flood.output)).toBeGreaterThanOrEqual(1e5 - 50);
      expect(host.calls.length).toBeLessThanOrEqual(100);
    } finally {
      await session.close();
      await sandbox.close();
    }
  });

  it("by default lets one cell read a 256 MB context in 200,000-character slices", async () => {
    // About 1,300 sub-calls; the default per-cell cap (2,000) must not cut such a fan-out.
    const host = recordingHost(async (prompt) => prompt);
    const { sandbox, session } = await openSession({ context: "ctx", host });
    try {
      const result = await cell(
        session,
        "const out = await llm_query_batched(Array.from({ length: 1300 }, (_, i) => 'p' + i)); out.filter((x) => x.startsWith('p')).length",
        60_000,
      );
      expect(result.output).toBe("1300");
      expect(host.calls.length).toBe(1300);
    } finally {
      await session.close();
      await sandbox.close();
    }
  });

  it("rejects oversized prompts and calls made after the cell ended", async () => {
    const host = recordingHost();
    const { sandbox, session } = await openSession({
      context: "ctx",
      host,
      sandbox: { maxPromptChars: 1000 },
    });
    try {
      const big = await cell(
        session,
        'let m; try { await llm_query("x".repeat(5000)) } catch (e) { m = e.message } m',
      );
      expect(big.output).toMatch(/at most 1000/);
      expect(host.calls.length).toBe(0);
      await cell(
        session,
        `${ESCAPE}\nG.setTimeout(() => { try { llm_query("late") } catch {} }, 50); "ended"`,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(host.calls.length).toBe(0);
      const unknownTool = await cell(session, "typeof notATool");
      expect(unknownTool.output).toBe("'undefined'");
    } finally {
      await session.close();
      await sandbox.close();
    }
  });

  it("prototype-polluting keys and deep nesting in FINAL stay data", async () => {
    const { sandbox, session } = await openSession({ context: "ctx" });
    try {
      const result = await cell(
        session,
        `FINAL(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'))`,
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const value = result.final?.value as Record<string, unknown>;
      expect(value.a).toBe(1);
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(value.polluted).toBeUndefined();
      const deep = await cell(
        session,
        "let d = []; for (let i = 0; i < 1e6; i++) d = [d]; FINAL(d)",
        10_000,
      );
      expect(deep.error).toMatch(/RangeError|nested more than/);
      expect(deep.final).toBeUndefined();
      await expectAlive(session);
    } finally {
      await session.close();
      await sandbox.close();
    }
  });
});

describe("adversarial: storage, environment and lifecycle", () => {
  it("localStorage and the Cache API do not persist across sessions", async () => {
    const a = await openSession({ context: "ctx" });
    const write = await cell(
      a.session,
      `${ESCAPE}\nlet r = []; try { G.localStorage.setItem("k", "secret-A"); r.push("ls:" + G.localStorage.getItem("k")) } catch (e) { r.push("ls-denied") } try { const c = await G.caches.open("c"); await c.put("https://x.invalid/", new G.Response("secret-A")); r.push("cache-ok") } catch (e) { r.push("cache-denied") } r.join(",")`,
    );
    expect(write.output).toMatch(/cache-denied/);
    await a.session.close();
    const b = await openSession({ context: "ctx" });
    const read = await cell(
      b.session,
      `${ESCAPE}\nlet r = []; try { r.push(String(G.localStorage.getItem("k"))) } catch { r.push("none") } try { const c = await G.caches.open("c"); r.push(String(await c.match("https://x.invalid/"))) } catch { r.push("none") } r.join(",")`,
    );
    expect(read.output).not.toMatch(/secret-A/);
    const nested = await cell(
      b.session,
      `${ESCAPE}\nawait new Promise((ok) => { const w = new G.Worker("data:text/javascript," + encodeURIComponent('caches.open("z").then((c) => c.put("https://x.invalid/", new Response(new Uint8Array(8e6)))).then(() => postMessage("wrote"), (e) => postMessage("denied"))'), { type: "module" }); w.onmessage = (m) => { w.terminate(); ok(m.data) } })`,
    );
    expect(nested.output).toBe("'denied'");
    await b.session.close();
    await a.sandbox.close();
    await b.sandbox.close();
  });

  it("passes no host environment variables to the process", async () => {
    process.env.RLM_TEST_SECRET_KEY = "sk-should-never-leak";
    const { sandbox, session } = await openSession({ context: "ctx" });
    try {
      const pids = denoChildren();
      expect(pids.length).toBeGreaterThan(0);
      for (const pid of pids) {
        const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
        expect(environ.join("\n")).not.toMatch(/sk-should-never-leak|PATH=|HOME=/);
        expect(environ.map((entry) => entry.split("=")[0]).sort()).toEqual(
          expect.arrayContaining([
            "DENO_DIR",
            "DENO_NO_PACKAGE_JSON",
            "DENO_NO_UPDATE_CHECK",
            "NO_COLOR",
          ]),
        );
      }
    } finally {
      delete process.env.RLM_TEST_SECRET_KEY;
      await session.close();
      await sandbox.close();
    }
  });

  it("refuses contexts over the limit with advice to split them", async () => {
    const { denoSandbox } = await import("../src/index.js");
    const sandbox = denoSandbox({ warmSessions: 0, maxContextBytes: 1024 });
    await expect(
      sandbox.createSession({ context: "x".repeat(2048), host: recordingHost() }),
    ).rejects.toThrow(/at most 0.0009765625 MB|Split it into a list of strings/);
    const session = await sandbox.createSession({
      context: ["x".repeat(1000), "y".repeat(1000)],
      host: recordingHost(),
    });
    expect((await cell(session, "context.map((s) => s.length)")).output).toBe("[ 1000, 1000 ]");
    await session.close();
    await sandbox.close();
  });

  it("leaves no Deno process behind", () => {
    expect(denoChildren()).toEqual([]);
  });
});
