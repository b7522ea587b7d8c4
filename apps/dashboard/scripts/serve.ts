/**
 * Starts the dashboard: `node scripts/serve.ts [--dev] [--host H] [--port P]`.
 * Defaults: 127.0.0.1:4318 (the standard OTLP/HTTP port, so exporters with default settings
 * reach it), from `RLM_DASHBOARD_HOST` / `RLM_DASHBOARD_PORT` when set. Binding anywhere but
 * loopback exposes the ingest endpoint, so it is refused unless `RLM_DASHBOARD_TOKEN` is set.
 */
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import next from "next";
import { defaultDatabasePath } from "../src/store/open-database.ts";

const { values } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    host: { type: "string" },
    port: { type: "string" },
  },
});
const host = values.host ?? process.env.RLM_DASHBOARD_HOST ?? "127.0.0.1";
const port = Number(values.port ?? process.env.RLM_DASHBOARD_PORT ?? 4318);
const loopback = host === "127.0.0.1" || host === "::1" || host === "localhost";
if (!loopback && !process.env.RLM_DASHBOARD_TOKEN) {
  console.error(
    `Refusing to listen on ${host}: anyone who can reach it could write spans. Set RLM_DASHBOARD_TOKEN (exporters then send "Authorization: Bearer <token>") or use 127.0.0.1.`,
  );
  process.exit(1);
}
process.env.NEXT_TELEMETRY_DISABLED = "1";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..");
const app = next({ dev: values.dev, dir, hostname: host, port });
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
server.listen(port, host, () => {
  console.log(`RLM dashboard on http://${host.includes(":") ? `[${host}]` : host}:${port}`);
  console.log(`  OTLP/HTTP traces: http://${host}:${port}/v1/traces (JSON or protobuf)`);
  console.log(`  database: ${defaultDatabasePath()}`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(0));
  });
}
