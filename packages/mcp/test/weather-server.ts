import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const SERVER_SCRIPT = fileURLToPath(new URL("./fixtures/weather-server.mjs", import.meta.url));

/** A client connected to the weather server run by node over stdio. */
export async function stdioWeatherClient(): Promise<Client> {
  const client = new Client({ name: "rlm-mcp-test", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [SERVER_SCRIPT, "stdio"] }),
  );
  return client;
}

/** The weather server on a local port over Streamable HTTP, and a way to connect to it. */
export async function httpWeatherServer(): Promise<{
  connect(): Promise<Client>;
  close(): Promise<void>;
}> {
  const child: ChildProcess = spawn(process.execPath, [SERVER_SCRIPT, "http"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout?.setEncoding("utf8");
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the server exited with ${code}: ${output}`)));
    child.stdout?.on("data", (chunk: string) => {
      output += chunk;
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
  });
  return {
    async connect() {
      const client = new Client({ name: "rlm-mcp-test", version: "1.0.0" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)),
      );
      return client;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill();
      await exited;
    },
  };
}
