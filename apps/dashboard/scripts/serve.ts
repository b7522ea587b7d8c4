/**
 * Starts the dashboard: `rlm-dashboard [--host H] [--port P]`, or in the repository
 * `node scripts/serve.ts --dev` for development. Defaults: 127.0.0.1:4318 (the standard
 * OTLP/HTTP port, so exporters with default settings reach it), from `RLM_DASHBOARD_HOST` /
 * `RLM_DASHBOARD_PORT` when set. Binding anywhere but loopback exposes the ingest endpoint, so
 * it is refused unless `RLM_DASHBOARD_TOKEN` is set. The production server is the prebuilt one
 * in `dist/server`: nothing is built here.
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { defaultDatabasePath } from "../src/store/open-database.ts";
import { packageDir, serverDir } from "./build/package-paths.ts";

const USAGE = `Usage: rlm-dashboard [--host <address>] [--port <number>]
       rlm-dashboard import <trajectory.jsonl>...

Serves the RLM dashboard and its OTLP/HTTP receiver (default http://127.0.0.1:4318).
Environment: RLM_DASHBOARD_HOST, RLM_DASHBOARD_PORT, RLM_DASHBOARD_DB (default ~/.rlm/dashboard.db),
RLM_DASHBOARD_TOKEN (required to listen beyond loopback).`;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

let values: { dev?: boolean; help?: boolean; host?: string; port?: string };
try {
  ({ values } = parseArgs({
    options: {
      dev: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
      host: { type: "string" },
      port: { type: "string" },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n\n${USAGE}`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const host = values.host ?? process.env.RLM_DASHBOARD_HOST ?? "127.0.0.1";
const portText = values.port ?? process.env.RLM_DASHBOARD_PORT ?? "4318";
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  fail(`The port must be a whole number from 0 to 65535, not "${portText}".\n\n${USAGE}`);
}
const loopback = host === "127.0.0.1" || host === "::1" || host === "localhost";
if (!loopback && !process.env.RLM_DASHBOARD_TOKEN) {
  fail(
    `Refusing to listen on ${host}: anyone who can reach it could write spans. Set RLM_DASHBOARD_TOKEN (exporters then send "Authorization: Bearer <token>") or use 127.0.0.1.`,
    1,
  );
}
process.env.NEXT_TELEMETRY_DISABLED = "1";

const root = packageDir(import.meta.url);
const dev = values.dev === true;
const dir = dev ? root : serverDir(root);
const configFile = join(dir, ".next", "required-server-files.json");
if (!dev && !existsSync(configFile)) {
  fail(
    `The dashboard's server is not built (${dir} is missing). In the repository, \`pnpm dashboard\` builds it first.`,
    1,
  );
}
let conf: Record<string, unknown> | undefined;
if (!dev) {
  Object.assign(process.env, { NODE_ENV: "production" }); // read-only in Next's typings
  // Next's standalone output runs on the configuration it was built with, not next.config.ts.
  conf = (JSON.parse(readFileSync(configFile, "utf8")) as { config: Record<string, unknown> })
    .config;
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(conf);
}
// Next comes from the folder it serves: the standalone server's own copy once installed.
const nextModule = createRequire(join(dir, "package.json"))("next") as {
  default?: typeof import("next").default;
};
const createNext = (nextModule.default ?? nextModule) as typeof import("next").default;
const app = createNext({ dev, dir, hostname: host, port, ...(conf ? { conf } : {}) });
await app.prepare();
const handle = app.getRequestHandler();
const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    console.error(error);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
});
// Large exports take a while to upload on slow links; Node's default would cut them at 5 min.
server.requestTimeout = 0;
server.once("error", (error: NodeJS.ErrnoException) => {
  fail(
    error.code === "EADDRINUSE"
      ? `Port ${port} on ${host} is in use (another dashboard or OTLP receiver?). Use --port to pick another.`
      : `Could not listen on ${host}:${port}: ${error.message}`,
    1,
  );
});
server.listen(port, host, () => {
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const shown = host.includes(":") ? `[${host}]` : host;
  console.log(`RLM dashboard on http://${shown}:${actualPort}`);
  console.log(`  OTLP/HTTP traces: http://${shown}:${actualPort}/v1/traces (JSON or protobuf)`);
  console.log(`  database: ${defaultDatabasePath()}`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(0));
  });
}
