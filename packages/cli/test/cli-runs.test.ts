import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTrajectory } from "@rlm/core";
import { generateSniah, generateTask } from "@rlm/evals";
import { startOpenAIServer } from "@rlm/provider-test-servers";
import { denoChildPids } from "@rlm/sandbox-deno/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { EXIT } from "../src/cli-error.js";
import { main } from "../src/main.js";
import { captureIo } from "./capture-io.js";

/** `rlm run` end to end, in-process, on the real Deno sandbox. */
const task = generateSniah({ seed: 3, tokens: 20_000 });
/** Data points the simulated root model sends to sub-calls in several batches. */
const longTask = generateTask("oolong", { seed: 4, tokens: 64_000 });
let folder: string;
let contextFile: string;
let longContextFile: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "rlm-cli-runs-"));
  contextFile = join(folder, "haystack.txt");
  writeFileSync(contextFile, task.context);
  longContextFile = join(folder, "long.txt");
  writeFileSync(longContextFile, longTask.context);
  const documents = join(folder, "docs");
  mkdirSync(documents);
  const half = Math.floor(task.context.length / 2);
  writeFileSync(join(documents, "a.txt"), task.context.slice(0, half));
  writeFileSync(join(documents, "b.txt"), task.context.slice(half));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function run(argv: string[], options: Parameters<typeof captureIo>[0] = {}) {
  const io = captureIo({ cwd: folder, ...options });
  return main(["run", ...argv], io).then((code) => ({ code, out: io.out(), err: io.err() }));
}

/** The haystack task with `--trace` to a receiver on 127.0.0.1:`port`. */
function runTracedTo(port: number) {
  return run([
    "--context",
    contextFile,
    "--query",
    task.query,
    "--trace",
    `http://127.0.0.1:${port}`,
  ]);
}

/** An OTLP/HTTP receiver on 127.0.0.1 that keeps the bodies sent to /v1/traces. */
async function startTraceReceiver() {
  const bodies: Buffer[] = [];
  let count = 0;
  const receiver = createServer((request, response) => {
    count++;
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url === "/v1/traces") bodies.push(Buffer.concat(chunks));
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const { port } = receiver.address() as AddressInfo;
  return {
    port,
    traces: () => Buffer.concat(bodies).toString("latin1"),
    requests: () => count,
    close: () => receiver.close(),
  };
}

describe("rlm run", () => {
  it("answers from a file with plain progress lines when stderr is not a terminal", async () => {
    const { code, out, err } = await run(["--context", contextFile, "--query", task.query]);
    expect(code).toBe(EXIT.ok);
    expect(out.trim()).toContain(task.answer);
    expect(err).toContain("SIMULATED provider");
    expect(err).not.toContain("\r");
    expect(err).not.toContain("\x1b");
    // One clean line per step: the banner, then each root iteration's status, then the end.
    const lines = err.trimEnd().split("\n");
    expect(lines[0]).toContain("SIMULATED provider");
    const steps = lines.slice(
      1,
      lines.findIndex((line) => line.startsWith("done: ")),
    );
    expect(steps.length).toBeGreaterThan(0);
    steps.forEach((line, index) => {
      expect(line).toMatch(
        new RegExp(
          `^iteration ${index + 1} · depth \\d+ · sub-calls \\d+ running, \\d+ done · tokens .* · \\$\\d`,
        ),
      );
    });
    expect(lines.find((line) => line.startsWith("done: "))).toMatch(/^done: iteration \d+ · /);
  });

  it("redraws one status line on a terminal", async () => {
    const { code, err } = await run(["--context", contextFile, "--query", task.query], {
      isTTY: true,
    });
    expect(code).toBe(EXIT.ok);
    expect(err).toContain("\r\x1b[2K");
  });

  it("prints the result as JSON with --json", async () => {
    const { code, out } = await run(["--context", contextFile, "--query", task.query, "--json"]);
    expect(code).toBe(EXIT.ok);
    const result = JSON.parse(out) as { answer: string; usage: unknown; subCalls: number };
    expect(result.answer).toContain(task.answer);
    expect(result.subCalls).toBeGreaterThan(0);
    expect(result.usage).toBeDefined();
  });

  it("reads a folder, a glob and standard input", async () => {
    for (const context of ["docs", "docs/*.txt"]) {
      const { code, out } = await run(["--context", context, "--query", task.query]);
      expect(code, context).toBe(EXIT.ok);
      expect(out, context).toContain(task.answer);
    }
    const piped = await run(["--context", "-", "--query", task.query], { stdin: task.context });
    expect(piped.code).toBe(EXIT.ok);
    expect(piped.out).toContain(task.answer);
  });

  it("runs Python cells with --language python", async () => {
    const { code, out } = await run([
      "--context",
      contextFile,
      "--query",
      task.query,
      "--language",
      "python",
    ]);
    expect(code).toBe(EXIT.ok);
    expect(out).toContain(task.answer);
  }, 120_000);

  it("stops at --max-sub-calls with exit 3 and prints the partial answer", async () => {
    const { code, out, err } = await run([
      "--context",
      longContextFile,
      "--query",
      longTask.query,
      "--max-sub-calls",
      "1",
    ]);
    expect(code).toBe(EXIT.budgetExceeded);
    expect(out).toBe("");
    expect(err).toMatch(/BudgetExceededError: .*sub-call/i);
    expect(err).toContain("Partial answer");

    const json = await run([
      "--context",
      longContextFile,
      "--query",
      longTask.query,
      "--max-sub-calls",
      "1",
      "--json",
    ]);
    expect(json.code).toBe(EXIT.budgetExceeded);
    const body = JSON.parse(json.out) as { error: { name: string; limit: string } };
    expect(body.error).toMatchObject({ name: "BudgetExceededError", limit: "maxSubCalls" });
  });

  it("stops at --timeout with exit 3", async () => {
    const { code, err } = await run([
      "--context",
      contextFile,
      "--query",
      task.query,
      "--timeout",
      "0.001",
    ]);
    expect(code).toBe(EXIT.budgetExceeded);
    expect(err).toMatch(/BudgetExceededError: Run time limit/);
  });

  it("applies --max-iterations, --max-depth and --max-cost and writes --trajectory", async () => {
    const trajectory = join(folder, "run.jsonl");
    const { code, out } = await run([
      "--context",
      contextFile,
      "--query",
      task.query,
      "--max-iterations",
      "1",
      "--max-depth",
      "0",
      "--max-cost",
      "1",
      "--trajectory",
      trajectory,
      "--json",
    ]);
    expect(code).toBe(EXIT.ok);
    const result = JSON.parse(out) as { iterations: number };
    // One turn of code, then the forced final answer.
    expect(result.iterations).toBe(1);
    const events = await readTrajectory(trajectory);
    expect(events.at(-1)?.type).toBe("run-end");
    const start = events.find((event) => event.type === "run-start") as
      | { limits?: Record<string, unknown>; name?: string }
      | undefined;
    expect(JSON.stringify(start)).toContain('"maxCostUsd":1');
    // The command names the run, so lists show it when the query is not captured.
    expect(start?.name).toBe("rlm run");
  });

  it("sends spans to --trace over OTLP/HTTP", async () => {
    const receiver = await startTraceReceiver();
    try {
      const { code } = await runTracedTo(receiver.port);
      expect(code).toBe(EXIT.ok);
      const received = receiver.traces();
      expect(received).toContain("invoke_agent rlm");
      expect(received).toContain("execute_tool repl");
      expect(received).toContain("chat ");
      expect(received).toContain('"rlm-cli"');
    } finally {
      receiver.close();
    }
  });

  describe("with the standard OTEL_* variables", () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });
    /** The SDK's exporters read process.env; the command reads its own env: set both. */
    function otelEnv(variables: Record<string, string>) {
      for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
      return variables;
    }

    it("traces to OTEL_EXPORTER_OTLP_ENDPOINT without --trace, named by OTEL_SERVICE_NAME", async () => {
      const receiver = await startTraceReceiver();
      try {
        const env = otelEnv({
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
          OTEL_SERVICE_NAME: "nightly-batch",
        });
        const { code } = await run(["--context", contextFile, "--query", task.query], { env });
        expect(code).toBe(EXIT.ok);
        expect(receiver.traces()).toContain("invoke_agent rlm");
        expect(receiver.traces()).toContain('"nightly-batch"');
        expect(receiver.traces()).not.toContain('"rlm-cli"');
      } finally {
        receiver.close();
      }
    });

    it("refuses a setting it cannot honour with one line and exit 2, before the run", async () => {
      const env = otelEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
        OTEL_TRACES_SAMPLER: "jaeger_remote",
      });
      const { code, err } = await run(["--context", contextFile, "--query", task.query], { env });
      expect(code).toBe(EXIT.usage);
      expect(err).toMatch(/^rlm: OTEL_TRACES_SAMPLER="jaeger_remote" is not a sampler/);
      expect(err.split("\n").filter(Boolean)).toHaveLength(1);
    });

    it("refuses a --trace or OTEL_EXPORTER_OTLP_ENDPOINT that is not an http(s) URL", async () => {
      const flag = await run([
        "--context",
        contextFile,
        "--query",
        "q",
        "--trace",
        "127.0.0.1:4318",
      ]);
      expect(flag.code).toBe(EXIT.usage);
      expect(flag.err).toBe(
        "rlm: --trace must be an http:// or https:// URL, e.g. http://127.0.0.1:4318.\n",
      );
      const env = otelEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" });
      const variable = await run(["--context", contextFile, "--query", "q"], { env });
      expect(variable.code).toBe(EXIT.usage);
      expect(variable.err).toBe(
        "rlm: OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL.\n",
      );
    });

    it("sends nothing with OTEL_SDK_DISABLED=true", async () => {
      const receiver = await startTraceReceiver();
      try {
        const env = otelEnv({
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
          OTEL_SDK_DISABLED: "true",
        });
        const { code } = await run(["--context", contextFile, "--query", task.query], { env });
        expect(code).toBe(EXIT.ok);
        expect(receiver.requests()).toBe(0);
      } finally {
        receiver.close();
      }
    });
  });

  it("still exits 0 with its answer, warns and closes the sandbox when --trace is down", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve)); // nothing listens there now
    const { code, out, err } = await runTracedTo(port);
    expect(code).toBe(EXIT.ok);
    expect(out).toContain(task.answer);
    expect(err).toContain(`rlm: traces not sent to http://127.0.0.1:${port}: `);
    expect(denoChildPids()).toEqual([]);
  });

  it("drives an OpenAI-compatible server through its wire format", async () => {
    const server = await startOpenAIServer({
      respond: (request) => {
        const body = JSON.stringify(request.json);
        return body.includes("Text (chunk")
          ? { kind: "text", text: "NONE" }
          : {
              kind: "text",
              text: '```repl\nconst n = context.length\nFINAL("The context has " + n + " characters.")\n```',
            };
      },
    });
    try {
      const spec = `openai-compatible:local-model@${server.baseURL}`;
      const { code, out } = await run([
        "--context",
        contextFile,
        "--query",
        "How long is it?",
        "--model",
        spec,
        "--sub-model",
        spec,
      ]);
      expect(code).toBe(EXIT.ok);
      expect(out.trim()).toBe(`The context has ${task.context.length} characters.`);
      expect(server.requests.length).toBe(1);
      expect(JSON.stringify(server.requests[0]?.json)).toContain("local-model");
      expect(JSON.stringify(server.requests[0]?.json)).not.toContain(task.answer);
    } finally {
      await server.close();
    }
  });
});
