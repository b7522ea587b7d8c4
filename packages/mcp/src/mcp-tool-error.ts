import { RLMError } from "@rlm/core";

const MARK = Symbol.for("@rlm/mcp/McpToolError");

/**
 * An MCP tool answered with an error result (`isError: true`). In the REPL the call rejects
 * (JavaScript) or raises (Python) with this message; the run goes on.
 */
export class McpToolError extends RLMError {
  /** The tool's name on the MCP server. */
  readonly toolName: string;

  constructor(options: { toolName: string; message: string }) {
    super({
      name: "McpToolError",
      message: `MCP tool "${options.toolName}" failed: ${options.message}`,
    });
    Object.defineProperty(this, MARK, { value: true });
    this.toolName = options.toolName;
  }

  static override isInstance(value: unknown): value is McpToolError {
    return typeof value === "object" && value !== null && MARK in value;
  }
}
