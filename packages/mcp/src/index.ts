export { McpToolError } from "./mcp-tool-error.js";
export type { McpClient, McpToolInfo, McpToolsOptions } from "./mcp-tools.js";
export { mcpTools } from "./mcp-tools.js";
export { toolIdentifier } from "./tool-identifier.js";
