// The mapping of tool names lives in core, which refuses the names it maps away.
export { toolIdentifier } from "@rlm/core";
export { McpToolError } from "./mcp-tool-error.js";
export type { McpClient, McpToolInfo, McpToolsOptions } from "./mcp-tools.js";
export { mcpTools } from "./mcp-tools.js";
