import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "vitest";
import { denoSandbox, resolveDenoPath } from "../src/index.js";

const host = {
  llmQuery: async () => "ok",
  rlmQuery: async () => "ok",
  tool: async () => null,
  budget: () => {
    throw new Error("budget() is not measured here.");
  },
};
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(3)} ms`;

/** Starts `deno run file` with an IPC channel; resolves once its first message arrived and it exited. */
function firstIpcMessage(deno: string, file: string, dir: string): Promise<void> {
  const child = spawn(
    deno,
    ["run", "--no-prompt", "--no-config", "--no-npm", "--no-remote", "--no-lock", file],
    {
      cwd: dir,
      env: { DENO_DIR: join(dir, "dd"), DENO_NO_UPDATE_CHECK: "1" },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    },
  );
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("message", () => {
      child.kill("SIGKILL");
      child.once("exit", () => resolve());
    });
  });
}

/**
 * One IPC round trip between two Node processes after `idleMs` of quiet: what waking two
 * idle processes costs on this machine, whatever runs in them. A warm acquire pays it too.
 */
async function idleEchoMedian(idleMs: number): Promise<number> {
  const child = spawn(process.execPath, ["-e", "process.on('message', (m) => process.send(m))"], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const roundTrip = () =>
    new Promise<number>((resolve) => {
      const start = performance.now();
      child.once("message", () => resolve(performance.now() - start));
      child.send("ping");
    });
  await roundTrip();
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    times.push(await roundTrip());
  }
  child.kill();
  return median(times);
}

it("measures the sandbox", async () => {
  const lines: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), "rlm-bench-"));
  writeFileSync(join(dir, "empty.js"), "");
  const deno = resolveDenoPath();
  const bare: number[] = [];
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    spawnSync(
      deno,
      ["run", "--no-prompt", "--no-config", "--no-npm", "--no-remote", "--no-lock", "empty.js"],
      { cwd: dir, env: { DENO_DIR: join(dir, "dd"), DENO_NO_UPDATE_CHECK: "1" } },
    );
    bare.push(performance.now() - start);
  }
  lines.push(`bare deno run of an empty script: median ${ms(median(bare))}`);

  // The floor of any design with the parts the issue requires: the Node IPC channel (the
  // control channel) and a worker apart from it (where model code runs). Each probe is ready
  // when its first IPC message reaches the host, as a session is.
  const floors: Array<[string, string]> = [
    ["IPC channel only", `import process from "node:process"; process.send("ready");`],
    [
      "IPC channel + an empty web Worker",
      `import process from "node:process";
const source = URL.createObjectURL(new Blob(['postMessage(0)'], { type: "text/javascript" }));
new Worker(source, { type: "module" }).onmessage = () => process.send("ready");`,
    ],
  ];
  for (const [name, source] of floors) {
    const file = `${name.replace(/\W+/g, "-")}.js`;
    writeFileSync(join(dir, file), source);
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      const start = performance.now();
      await firstIpcMessage(deno, file, dir);
      if (i >= 2) times.push(performance.now() - start);
    }
    lines.push(
      `floor, ${name}: median ${ms(median(times))} (${(median(times) / median(bare)).toFixed(2)}x bare)`,
    );
  }

  const cold = denoSandbox({ warmSessions: 0 });
  const ready: number[] = [];
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    const session = await cold.createSession({ context: "", host });
    ready.push(performance.now() - start);
    await session.close();
  }
  lines.push(
    `session ready, empty context, no pool: median ${ms(median(ready))} (${(median(ready) / median(bare)).toFixed(2)}x bare)`,
  );

  const session = await cold.createSession({ context: "x", host });
  const trips: number[] = [];
  for (let i = 0; i < 300; i++) {
    const start = performance.now();
    await session.execute("1", { cellId: `c${i}`, timeoutMs: 5000 });
    trips.push(performance.now() - start);
  }
  lines.push(`trivial cell round trip: median ${ms(median(trips.slice(50)))}`);
  // `performance` is not exposed in the REPL realm, so the host times whole cells: N awaited
  // calls against the same loop without calls, answered at once by the host.
  const calls = 200;
  const withCalls: number[] = [];
  const withoutCalls: number[] = [];
  for (let i = 0; i < 15; i++) {
    for (const [name, code, into] of [
      ["calls", `for (let i = 0; i < ${calls}; i++) await llm_query("q")`, withCalls],
      ["none", `for (let i = 0; i < ${calls}; i++) await null`, withoutCalls],
    ] as const) {
      const start = performance.now();
      const result = await session.execute(code, {
        cellId: `llm-${name}-${i}`,
        timeoutMs: 60_000,
      });
      if (result.error) throw new Error(result.error);
      into.push(performance.now() - start);
    }
  }
  lines.push(
    `llm_query round trip from a cell (${calls} sequential calls per cell): median ${ms((median(withCalls) - median(withoutCalls)) / calls)}`,
  );
  await session.close();

  const big = "a".repeat(100 * 1024 * 1024);
  const bigReady: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const s = await cold.createSession({ context: big, host });
    bigReady.push(performance.now() - start);
    await s.close();
  }
  lines.push(`session ready with a 100 MB context: median ${ms(median(bigReady))}`);

  const warm = denoSandbox({ warmSessions: 2 });
  await (await warm.createSession({ context: "", host })).close();
  const acquire: number[] = [];
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    const start = performance.now();
    const s = await warm.createSession({ context: "", host });
    acquire.push(performance.now() - start);
    await s.close();
  }
  lines.push(`warm pool acquire (context written + loaded): median ${ms(median(acquire))}`);
  lines.push(
    `  the machine's share: a Node-to-Node IPC echo after the same 400 ms idle: median ${ms(await idleEchoMedian(400))}`,
  );
  await warm.close();

  const python = denoSandbox({ language: "python", warmSessions: 0 });
  await (await python.createSession({ context: "", host })).close(); // builds the snapshot once
  const pyReady: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const s = await python.createSession({ context: "", host });
    pyReady.push(performance.now() - start);
    await s.close();
  }
  lines.push(`Python session ready from the snapshot, no pool: median ${ms(median(pyReady))}`);
  await python.close();
  await cold.close();
  console.log(`\n${lines.join("\n")}\n`);
});
