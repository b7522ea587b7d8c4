/**
 * A cell of REPL code is an `execute_tool repl` span; a host tool called from a cell is an
 * `execute_tool {tool}` span under it. Both share the operation, so cells are told apart by
 * name.
 */
export const CELL_SPAN_NAME = "execute_tool repl";

export function isCellSpan(span: { operation: string | null; name: string }): boolean {
  return span.operation === "execute_tool" && span.name === CELL_SPAN_NAME;
}
