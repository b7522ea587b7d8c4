import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import { Readable } from "node:stream";

/**
 * A local E2B: the control-plane API (`POST /v2/sandboxes`, `DELETE /sandboxes/{id}`) and
 * each sandbox's envd (`/health`, `POST /files`, and the Connect RPC service
 * `process.Process` in its JSON form), as the official `e2b` SDK speaks them. A "sandbox" is
 * a set of real local processes and files under /tmp/rlm-*; pass the server's URL as both
 * `apiUrl` and `sandboxUrl` (envd requests carry the `E2b-Sandbox-Id` header).
 */
export interface E2BTestServer {
  url: string;
  /** The one API key the server accepts; any other gets a 401. */
  apiKey: string;
  /** Sandboxes created and not killed, by id. */
  readonly live: ReadonlySet<string>;
  /** Every sandbox ever created: the body of its create request, and whether it was killed. */
  readonly created: Map<string, { body: Record<string, unknown>; killed: boolean }>;
  /** Every request, as "METHOD /path". */
  readonly requests: string[];
  /** The most sandboxes that were alive at once. */
  readonly mostLive: number;
  /** The size of every stdin write (`SendInput`), in bytes. */
  readonly stdinWrites: number[];
  /** Every file path written through envd's `POST /files`. */
  readonly written: string[];
  /** Kills a sandbox as E2B does at its end of life: processes, files and connections. */
  killSandbox(id: string): Promise<void>;
  /** Called with each sandbox's id as it is created, before the create request is answered. */
  onCreate: ((id: string) => void) | undefined;
  close(): Promise<void>;
}

interface TestSandbox {
  id: string;
  accessToken: string;
  killed: boolean;
  processes: Map<number, ChildProcess>;
  streams: Set<ServerResponse>;
  roots: Set<string>;
}

/** envd's version as the server reports it: recent enough for every SDK feature used. */
const ENVD_VERSION = "0.5.7";

/** Connect's error codes as HTTP statuses, for the unary calls. */
const CONNECT_STATUS: Record<string, number> = {
  not_found: 404,
  invalid_argument: 400,
  unauthenticated: 401,
};

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

/** One Connect streaming envelope: a flags byte, a 4-byte big-endian length, the JSON. */
function envelope(message: unknown, flags = 0): Buffer {
  const json = Buffer.from(JSON.stringify(message));
  const header = Buffer.alloc(5);
  header.writeUInt8(flags, 0);
  header.writeUInt32BE(json.length, 1);
  return Buffer.concat([header, json]);
}

function unenvelope(body: Buffer): unknown {
  const length = body.readUInt32BE(1);
  return JSON.parse(body.subarray(5, 5 + length).toString("utf8"));
}

export async function startE2BTestServer(): Promise<E2BTestServer> {
  const apiKey = `e2b_${randomUUID().replaceAll("-", "")}`;
  const sandboxes = new Map<string, TestSandbox>();
  const created = new Map<string, { body: Record<string, unknown>; killed: boolean }>();
  const requests: string[] = [];
  const written: string[] = [];
  let mostLive = 0;
  let onCreate: ((id: string) => void) | undefined;
  const stdinWrites: number[] = [];

  async function killSandbox(id: string): Promise<void> {
    const sandbox = sandboxes.get(id);
    if (!sandbox || sandbox.killed) return;
    sandbox.killed = true;
    const record = created.get(id);
    if (record) record.killed = true;
    // The machine stops: its connections drop before any process could report an end.
    for (const stream of sandbox.streams) stream.destroy();
    const exits = [...sandbox.processes.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    );
    await Promise.all(exits);
    for (const root of sandbox.roots) await rm(root, { recursive: true, force: true });
  }

  async function api(request: IncomingMessage, response: ServerResponse, path: string) {
    if (request.headers["x-api-key"] !== apiKey) {
      return sendJson(response, 401, { code: 401, message: "Invalid API key" });
    }
    if (request.method === "POST" && path === "/v2/sandboxes") {
      const body = JSON.parse((await readBody(request)).toString("utf8")) as {
        templateID: string;
      } & Record<string, unknown>;
      const id = `test${randomUUID().replaceAll("-", "").slice(0, 16)}`;
      const sandbox: TestSandbox = {
        id,
        accessToken: randomUUID(),
        killed: false,
        processes: new Map(),
        streams: new Set(),
        roots: new Set(),
      };
      sandboxes.set(id, sandbox);
      created.set(id, { body, killed: false });
      onCreate?.(id);
      mostLive = Math.max(mostLive, [...sandboxes.values()].filter((each) => !each.killed).length);
      return sendJson(response, 201, {
        sandboxID: id,
        templateID: body.templateID,
        clientID: "test",
        envdVersion: ENVD_VERSION,
        envdAccessToken: sandbox.accessToken,
        domain: null,
      });
    }
    const match = /^\/sandboxes\/([^/]+)$/.exec(path);
    if (request.method === "DELETE" && match) {
      const sandbox = sandboxes.get(match[1] ?? "");
      if (!sandbox || sandbox.killed) {
        return sendJson(response, 404, { code: 404, message: "sandbox not found" });
      }
      await killSandbox(sandbox.id);
      response.writeHead(204).end();
      return;
    }
    sendJson(response, 404, { code: 404, message: `no route ${request.method} ${path}` });
  }

  async function envd(request: IncomingMessage, response: ServerResponse, url: URL) {
    const sandbox = sandboxes.get(String(request.headers["e2b-sandbox-id"]));
    // E2B's edge answers 502 for a sandbox that is gone.
    if (!sandbox || sandbox.killed) {
      return sendJson(response, 502, { message: "The sandbox was not found", sandboxId: "" });
    }
    if (request.headers["x-access-token"] !== sandbox.accessToken) {
      return sendJson(response, 401, { code: 401, message: "invalid access token" });
    }
    if (url.pathname === "/health") {
      response.writeHead(204).end();
      return;
    }
    if (url.pathname === "/files" && request.method === "POST") {
      const form = await new Request("http://envd/files", {
        method: "POST",
        headers: request.headers as Record<string, string>,
        body: Readable.toWeb(request) as ReadableStream,
        duplex: "half",
      } as RequestInit).formData();
      const entries = [];
      for (const value of form.getAll("file")) {
        const file = value as File;
        const path = file.name;
        const root = /^\/tmp\/rlm-[^/]+/.exec(path)?.[0];
        if (!root) return sendJson(response, 400, { code: 400, message: `refused path ${path}` });
        sandbox.roots.add(root);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, Buffer.from(await file.arrayBuffer()));
        written.push(path);
        entries.push({ name: path.split("/").at(-1), type: "file", path });
      }
      return sendJson(response, 200, entries);
    }
    if (url.pathname.startsWith("/process.Process/")) {
      // Connect's JSON codec: enveloped for a stream, plain for a unary call.
      const streaming = url.pathname === "/process.Process/Start";
      const expected = streaming ? "application/connect+json" : "application/json";
      if (
        request.headers["content-type"] !== expected ||
        request.headers["connect-protocol-version"] !== "1"
      ) {
        return sendJson(response, 415, {
          code: "invalid_argument",
          message: `expected ${expected} with Connect-Protocol-Version 1, got ${request.headers["content-type"]}`,
        });
      }
    }
    if (url.pathname === "/process.Process/Start") return startProcess(sandbox, request, response);
    if (url.pathname.startsWith("/process.Process/")) {
      const body = JSON.parse((await readBody(request)).toString("utf8") || "{}") as {
        process?: { pid?: number };
        input?: { stdin?: string };
        signal?: string;
      };
      const child = sandbox.processes.get(body.process?.pid ?? -1);
      if (!child || child.exitCode !== null || child.signalCode !== null) {
        return sendJson(response, CONNECT_STATUS.not_found ?? 404, {
          code: "not_found",
          message: `process with pid ${body.process?.pid} not found`,
        });
      }
      const method = url.pathname.slice("/process.Process/".length);
      if (method === "SendInput") {
        const data = Buffer.from(body.input?.stdin ?? "", "base64");
        stdinWrites.push(data.length);
        await new Promise<void>((resolve) => child.stdin?.write(data, () => resolve()));
      } else if (method === "CloseStdin") {
        child.stdin?.end();
      } else if (method === "SendSignal") {
        child.kill(body.signal === "SIGNAL_SIGTERM" ? "SIGTERM" : "SIGKILL");
      } else {
        return sendJson(response, 404, { code: "unimplemented", message: method });
      }
      return sendJson(response, 200, {});
    }
    sendJson(response, 404, { code: 404, message: `no route ${request.method} ${url.pathname}` });
  }

  async function startProcess(
    sandbox: TestSandbox,
    request: IncomingMessage,
    response: ServerResponse,
  ) {
    const { process: config, stdin } = unenvelope(await readBody(request)) as {
      process: { cmd: string; args?: string[]; envs?: Record<string, string>; cwd?: string };
      stdin?: boolean;
    };
    const child = spawn(config.cmd, config.args ?? [], {
      cwd: config.cwd,
      // envd runs a command with the sandbox's base environment plus the given variables.
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/tmp", ...config.envs },
      stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"],
    });
    child.stdin?.on("error", () => undefined);
    const pid = child.pid ?? -1;
    sandbox.processes.set(pid, child);
    sandbox.streams.add(response);
    response.writeHead(200, { "content-type": "application/connect+json" });
    const send = (event: unknown) => {
      if (!response.destroyed) response.write(envelope({ event }));
    };
    send({ start: { pid } });
    const intervalSeconds = Number(request.headers["keepalive-ping-interval"] ?? 0);
    const keepalive =
      intervalSeconds > 0
        ? setInterval(() => send({ keepalive: {} }), intervalSeconds * 1000)
        : undefined;
    child.stdout?.on("data", (chunk: Buffer) =>
      send({ data: { stdout: chunk.toString("base64") } }),
    );
    child.stderr?.on("data", (chunk: Buffer) =>
      send({ data: { stderr: chunk.toString("base64") } }),
    );
    child.once("close", (code, signal) => {
      clearInterval(keepalive);
      sandbox.streams.delete(response);
      if (response.destroyed) return;
      const exitCode = code ?? -1;
      send({
        end: {
          exitCode,
          exited: code !== null,
          status: signal
            ? `signal: ${signal === "SIGKILL" ? "killed" : signal}`
            : `exit status ${exitCode}`,
        },
      });
      response.end(envelope({}, 2));
    });
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    requests.push(`${request.method} ${url.pathname}`);
    const route =
      url.pathname === "/v2/sandboxes" || url.pathname.startsWith("/sandboxes/")
        ? api(request, response, url.pathname)
        : envd(request, response, url);
    route.catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { message: String(error) });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    get live() {
      return new Set([...sandboxes.values()].filter((each) => !each.killed).map((each) => each.id));
    },
    get mostLive() {
      return mostLive;
    },
    created,
    requests,
    written,
    stdinWrites,
    killSandbox,
    get onCreate() {
      return onCreate;
    },
    set onCreate(hook) {
      onCreate = hook;
    },
    async close() {
      await Promise.all([...sandboxes.keys()].map(killSandbox));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
