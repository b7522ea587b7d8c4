import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult, Tool as McpTool } from "@modelcontextprotocol/sdk/types.js";
import { ConfigurationError, type JsonSchema, type TypedTool, toolIdentifier } from "@rlm/core";
import { callResultValue } from "./call-result-value.js";

/** A tool listed by an MCP server, as `client.listTools()` returns it. */
export type McpToolInfo = McpTool;

export interface McpToolsOptions {
  /** Put in front of every tool's name, e.g. `"github_"` gives `github_search_issues`. */
  prefix?: string;
  /** Only these tools, by their names on the server, or the ones this function keeps. */
  include?: readonly string[] | ((tool: McpToolInfo) => boolean);
  /** Stops listing the tools. */
  abortSignal?: AbortSignal;
}

/** The part of an MCP `Client` (`@modelcontextprotocol/sdk`) that `mcpTools` uses. */
export type McpClient = Pick<Client, "listTools" | "callTool">;

/**
 * The tools of a connected MCP client as typed tools for `createRLM({ tools })`. Each keeps
 * the server's description and input JSON Schema (so the prompt shows its signature and
 * arguments are validated before the call); calling it calls `client.callTool` and gives the
 * result's `structuredContent`, else its text. An error result (`isError`) rejects or raises
 * in the cell with `McpToolError`.
 *
 * Names become identifiers that code can call: characters other than letters, digits and `_`
 * become `_` (`get-weather` is `get_weather`), and `prefix` goes in front. Two tools that end
 * up with one name are refused; pick with `include` or set a `prefix` per server.
 */
export async function mcpTools(
  client: McpClient,
  options: McpToolsOptions = {},
): Promise<Record<string, TypedTool<JsonSchema>>> {
  const listed = await listAllTools(client, options.abortSignal);
  const tools: Record<string, TypedTool<JsonSchema>> = {};
  const sources = new Map<string, string>();
  for (const info of selectTools(listed, options.include)) {
    const name = toolIdentifier(`${options.prefix ?? ""}${info.name}`);
    const other = sources.get(name);
    if (other !== undefined) {
      throw new ConfigurationError({
        message: `The MCP tools "${other}" and "${info.name}" would both be called "${name}". Leave one out with \`include\`.`,
      });
    }
    sources.set(name, info.name);
    const description = info.description ?? info.title;
    tools[name] = {
      ...(description ? { description } : {}),
      inputSchema: info.inputSchema,
      async execute(args, { abortSignal }) {
        const result = await client.callTool(
          { name: info.name, arguments: (args ?? {}) as Record<string, unknown> },
          undefined,
          { signal: abortSignal },
        );
        return callResultValue(info.name, result as CallToolResult);
      },
    };
  }
  return tools;
}

async function listAllTools(client: McpClient, abortSignal?: AbortSignal): Promise<McpToolInfo[]> {
  const tools: McpToolInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor }, {
      ...(abortSignal ? { signal: abortSignal } : {}),
    });
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

function selectTools(
  tools: readonly McpToolInfo[],
  include: McpToolsOptions["include"],
): readonly McpToolInfo[] {
  if (include === undefined) return tools;
  if (typeof include === "function") return tools.filter(include);
  const names = new Set(tools.map((tool) => tool.name));
  const missing = include.filter((name) => !names.has(name));
  if (missing.length > 0) {
    throw new ConfigurationError({
      message: `The MCP server has no tool ${missing.map((name) => `"${name}"`).join(", ")}. It has: ${[...names].join(", ") || "(none)"}.`,
    });
  }
  return tools.filter((tool) => include.includes(tool.name));
}
