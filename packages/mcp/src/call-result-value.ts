import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { McpToolError } from "./mcp-tool-error.js";

type ContentBlock = CallToolResult["content"][number];

/**
 * What a tool call gives sandbox code: the result's `structuredContent` when the server sent
 * one, else its content as text (text blocks as they are, other blocks as a short marker).
 * An error result throws `McpToolError` with the result's text.
 */
export function callResultValue(toolName: string, result: CallToolResult): unknown {
  const text = result.content.map(blockText).join("\n");
  if (result.isError) {
    throw new McpToolError({ toolName, message: text || "the server gave no reason" });
  }
  return result.structuredContent ?? text;
}

function blockText(block: ContentBlock): string {
  switch (block.type) {
    case "text":
      return block.text;
    case "image":
    case "audio":
      return `[${block.type} ${block.mimeType}]`;
    case "resource":
      return "text" in block.resource ? block.resource.text : `[resource ${block.resource.uri}]`;
    case "resource_link":
      return `[resource link ${block.uri}]`;
    default:
      return `[${(block as { type: string }).type}]`;
  }
}
