import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setupTelemetry } from "@rlm/otel/setup";
import { afterAll, describe, expect, inject, it } from "vitest";
import { APP_DIR, startDashboard } from "./support/dashboard-server.ts";
import { gzip, jsonBody, protobufBody } from "./support/otlp-bodies.ts";
import { realRun } from "./support/real-run.ts";
import { syntheticRun } from "./support/synthetic-run.ts";

const url = inject("dashboardUrl");
const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});
function tempDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), "rlm-dashboard-server-"));
  directories.push(directory);
  return directory;
}

async function post(
  path: string,
  body: Uint8Array<ArrayBuffer> | string,
  headers: Record<string, string>,
) {
  return fetch(`${url}${path}`, { method: "POST", body, headers });
}

async function runPage(runId: string, base = url) {
  return fetch(`${base}/runs/${encodeURIComponent(runId)}`);
}

describe("the dashboard server", () => {
  it("accepts OTLP/JSON, protobuf and gzip at /v1/traces and shows the runs", async () => {
    const cases: {
      runId: string;
      body: (spans: ReturnType<typeof syntheticRun>) => Uint8Array<ArrayBuffer>;
      headers: Record<string, string>;
    }[] = [
      { runId: "http-json", body: jsonBody, headers: { "content-type": "application/json" } },
      {
        runId: "http-protobuf",
        body: protobufBody,
        headers: { "content-type": "application/x-protobuf" },
      },
      {
        runId: "http-protobuf-gzip",
        body: (spans) => gzip(protobufBody(spans)),
        headers: { "content-type": "application/x-protobuf", "content-encoding": "gzip" },
      },
    ];
    for (const { runId, body, headers } of cases) {
      const response = await post(
        "/v1/traces",
        body(syntheticRun({ runId, spanCount: 60 })),
        headers,
      );
      expect(response.status, runId).toBe(200);
      const page = await runPage(runId);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Which chunk holds the key?");
    }
  });

  it("refuses malformed bodies and wrong content types with 4xx, stores nothing and stays up", async () => {
    const refused = [
      await post("/v1/traces", "{oops", { "content-type": "application/json" }),
      await post("/v1/traces", new Uint8Array([0x0a, 0x7f, 0x01]), {
        "content-type": "application/x-protobuf",
      }),
      await post("/v1/traces", "hello", {
        "content-type": "application/json",
        "content-encoding": "gzip",
      }),
      await post("/v1/traces", jsonBody(syntheticRun({ runId: "wrong-type", spanCount: 50 })), {
        "content-type": "text/plain",
      }),
    ];
    expect(refused.map((response) => response.status)).toEqual([400, 400, 400, 415]);
    expect((await runPage("wrong-type")).status).toBe(404);
    const after = await post(
      "/v1/traces",
      jsonBody(syntheticRun({ runId: "after-errors", spanCount: 50 })),
      {
        "content-type": "application/json",
      },
    );
    expect(after.status).toBe(200);
  });

  it("accepts and ignores /v1/metrics", async () => {
    const json = await post("/v1/metrics", '{"resourceMetrics":[]}', {
      "content-type": "application/json",
    });
    expect(json.status).toBe(200);
    const protobuf = await post("/v1/metrics", new Uint8Array([1, 2, 3]), {
      "content-type": "application/x-protobuf",
    });
    expect(protobuf.status).toBe(200);
  });

  it("receives a real run from @rlm/otel's own OTLP exporter", async () => {
    const telemetry = setupTelemetry({ endpoint: url, registerGlobal: false, serviceName: "e2e" });
    const { result } = await realRun({ sinks: [telemetry.sink({ captureContent: true })] });
    await telemetry.shutdown();
    const page = await runPage(result.runId);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("claude-sonnet-4-5");
    // The reply's markup arrives escaped, never as a live tag.
    expect(html).not.toContain("<img src=x");
  });

  it("ingests a 10,000-span trace over HTTP", async () => {
    const body = gzip(protobufBody(syntheticRun({ runId: "http-10k", spanCount: 10_000 })));
    const response = await post("/v1/traces", body, {
      "content-type": "application/x-protobuf",
      "content-encoding": "gzip",
    });
    expect(response.status).toBe(200);
    const html = await (await runPage("http-10k")).text();
    expect(html).toContain("10,000");
  });

  it("keeps its data across a restart", async () => {
    const databasePath = join(tempDirectory(), "dashboard.db");
    const first = await startDashboard({ databasePath });
    try {
      const response = await fetch(`${first.url}/v1/traces`, {
        method: "POST",
        body: jsonBody(syntheticRun({ runId: "survives", spanCount: 50 })),
        headers: { "content-type": "application/json" },
      });
      expect(response.status).toBe(200);
    } finally {
      await first.stop();
    }
    const second = await startDashboard({ databasePath });
    try {
      expect((await runPage("survives", second.url)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it("requires the bearer token when one is set", async () => {
    const server = await startDashboard({
      databasePath: join(tempDirectory(), "dashboard.db"),
      env: { RLM_DASHBOARD_TOKEN: "s3cret-token" },
    });
    try {
      const body = jsonBody(syntheticRun({ runId: "token", spanCount: 50 }));
      const send = (authorization?: string) =>
        fetch(`${server.url}/v1/traces`, {
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            ...(authorization ? { authorization } : {}),
          },
        });
      expect((await send()).status).toBe(401);
      expect((await send("Bearer wrong-token!")).status).toBe(401);
      expect((await send("Bearer s3cret-token")).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("imports a trajectory file through /api/import and the CLI", async () => {
    const { result, events } = await realRun();
    const jsonl = events.map((event) => JSON.stringify(event)).join("\n");
    const response = await post("/api/import", jsonl, { "content-type": "application/x-ndjson" });
    expect(response.status).toBe(200);
    expect((await response.json()).runIds).toEqual([result.runId]);
    expect((await runPage(result.runId)).status).toBe(200);
    expect((await post("/api/import", "not json", { "content-type": "text/plain" })).status).toBe(
      400,
    );

    const directory = tempDirectory();
    const file = join(directory, "run.jsonl");
    writeFileSync(file, jsonl);
    const cli = spawnSync(
      process.execPath,
      [join(APP_DIR, "bin/rlm-dashboard.js"), "import", file],
      {
        cwd: APP_DIR,
        env: { ...process.env, RLM_DASHBOARD_DB: join(directory, "cli.db") },
        encoding: "utf8",
      },
    );
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(result.runId);
  });

  it("refuses a cross-site import with 403 and stores nothing of it", async () => {
    const { result, events } = await realRun();
    const jsonl = events.map((event) => JSON.stringify(event)).join("\n");
    const crossSite: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "http://127.0.0.1:1" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of crossSite) {
      const response = await post("/api/import", jsonl, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    expect((await runPage(result.runId)).status).toBe(404);
  });

  it("refuses to listen beyond loopback without a token", () => {
    const result = spawnSync(
      process.execPath,
      [join(APP_DIR, "bin/rlm-dashboard.js"), "--host", "0.0.0.0", "--port", "0"],
      {
        cwd: APP_DIR,
        env: { ...process.env, RLM_DASHBOARD_TOKEN: "" },
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/RLM_DASHBOARD_TOKEN/);
  });
});
