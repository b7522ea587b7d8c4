import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type InstalledProject, installProject } from "./support/pack-and-install.js";
import { highestInRange, lowestInRange, peerRange } from "./support/range-bounds.js";
import { typeCheck } from "./support/type-check.js";

const PEER = "@modelcontextprotocol/sdk";
const RANGE = peerRange("mcp", PEER);

/**
 * An MCP server with one tool, built with the SDK the project installed. Its low-level
 * `Server` is the same in every 1.x, so the script needs nothing but the SDK (zod is the
 * SDK's own dependency, which pnpm does not let the project import).
 */
const WEATHER_SERVER = `
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const TEMPERATURES = { Oslo: -3, Lisbon: 17 };
const server = new Server({ name: "weather", version: "1.0.0" }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    {
      name: "get-weather",
      description: "Current temperature of a city.",
      inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      outputSchema: {
        type: "object",
        properties: { city: { type: "string" }, temperature: { type: "number" } },
        required: ["city", "temperature"],
      },
    },
  ],
}));
server.setRequestHandler(CallToolRequestSchema, async ({ params }) => {
  const city = params.arguments?.city;
  const temperature = TEMPERATURES[city];
  if (temperature === undefined) {
    return { isError: true, content: [{ type: "text", text: \`No weather for \${city}.\` }] };
  }
  const structuredContent = { city, temperature };
  return { structuredContent, content: [{ type: "text", text: JSON.stringify(structuredContent) }] };
});
await server.connect(new StdioServerTransport());
`;

/** The cell the scripted root model writes: one call answered, one refused by the server. */
const CELL = [
  "const { city, temperature } = await get_weather({ city: context })",
  "let refused = ''",
  "try { await get_weather({ city: 'Paris' }) } catch (error) { refused = error.name + ': ' + error.message }",
  "FINAL(city + ' ' + temperature + '; ' + refused)",
].join("\n");

/**
 * Connects a client to the server over stdio, runs an RLM in the Deno sandbox whose cell
 * calls the server's tool, and prints the REPL names of the tools and the answer.
 */
const RUN_WITH_MCP = `
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { createRLM } from "@rlm/core";
import { scriptedModel } from "@rlm/core/testing";
import { mcpTools } from "@rlm/mcp";
import { denoSandbox } from "@rlm/sandbox-deno";

const client = new Client({ name: "install-test", version: "1.0.0" });
await client.connect(
  new StdioClientTransport({ command: process.execPath, args: ["weather-server.mjs"] }),
);
const sandbox = denoSandbox({ warmSessions: 0 });
try {
  const tools = await mcpTools(client);
  const rlm = createRLM({
    model: scriptedModel({ replies: [${JSON.stringify(`\`\`\`repl\n${CELL}\n\`\`\``)}] }),
    sandbox,
    tools,
  });
  const result = await rlm.complete({ context: "Oslo", query: "How cold is it?" });
  console.log(JSON.stringify({ tools: Object.keys(tools), answer: result.answer }));
} finally {
  await sandbox.close();
  await client.close();
}
`;

/** A user's program, for `tsc --strict`: the SDK's `Client` must fit `mcpTools`. */
const TYPED_PROGRAM = `
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { createRLM } from "@rlm/core";
import { vmSandbox } from "@rlm/core/testing";
import { scriptedModel } from "@rlm/core/testing";
import { mcpTools } from "@rlm/mcp";

export async function build(client: Client) {
  return createRLM({
    model: scriptedModel({ replies: [] }),
    sandbox: vmSandbox(),
    tools: await mcpTools(client, { prefix: "weather_", include: ["get-weather"] }),
  });
}
`;

it("takes @modelcontextprotocol/sdk as a caret 1.x peer range, so the user's copy is the one used", () => {
  expect(RANGE).toMatch(/^\^1\.\d+\.\d+$/);
});

describe.each([
  { bound: "lowest", manager: "pnpm" as const, pick: async () => lowestInRange(RANGE) },
  { bound: "highest", manager: "npm" as const, pick: () => highestInRange(PEER, RANGE) },
])("@rlm/mcp with the $bound 1.x MCP SDK ($manager)", ({ manager, pick }) => {
  let project: InstalledProject;
  let version: string;
  beforeAll(async () => {
    version = await pick();
    project = await installProject({
      manager,
      packages: ["@rlm/core", "@rlm/mcp", "@rlm/sandbox-deno"],
      dependencies: { [PEER]: version },
    });
    await writeFile(join(project.directory, "weather-server.mjs"), WEATHER_SERVER);
  });

  it("installs that SDK version beside @rlm/mcp", async () => {
    const manifest = join(project.directory, "node_modules", PEER, "package.json");
    expect(JSON.parse(await readFile(manifest, "utf8"))).toMatchObject({ version });
  });

  it("a cell calls the tool of a stdio MCP server; its error result raises McpToolError", async () => {
    const result = await project.runScript(RUN_WITH_MCP);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      tools: ["get_weather"],
      answer: 'Oslo -3; McpToolError: MCP tool "get-weather" failed: No weather for Paris.',
    });
  });

  it("type-checks a program passing the SDK's Client to mcpTools under tsc --strict", async () => {
    // The SDK's own declarations need @types/node, which its users have; what matters here
    // is that the user's `Client` fits `mcpTools`'s parameter.
    const result = await typeCheck(project, TYPED_PROGRAM, { skipLibCheck: true });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});
