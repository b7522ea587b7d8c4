const MAX_DEPTH = 500;

/**
 * Parses JSON relayed from the sandbox. Deeply nested values are refused: they parse fine
 * but would overflow the stack of any recursive code on the host that touches them later.
 */
export function parseUntrustedJson(text: string, what: string): unknown {
  const value: unknown = JSON.parse(text);
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== "object" || current === null) continue;
    if (depth >= MAX_DEPTH)
      throw new Error(`${what} is nested more than ${MAX_DEPTH} levels deep.`);
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return value;
}
