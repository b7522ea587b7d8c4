/**
 * Context lengths are given in tokens, the unit users think in, and converted at a fixed
 * rate so a task's size does not depend on any one tokenizer.
 */
export const CHARS_PER_TOKEN = 4;

/** The number of characters a context of `tokens` tokens is built to. */
export function charsForTokens(tokens: number): number {
  if (!Number.isFinite(tokens) || tokens <= 0) {
    throw new RangeError(`tokens must be a positive number, got ${tokens}`);
  }
  return Math.round(tokens * CHARS_PER_TOKEN);
}

const SUFFIXES: Record<string, number> = { "": 1, k: 1_000, m: 1_000_000, g: 1_000_000_000 };

/**
 * Parses "8k", "1m", "1.5M", "128000" or "128_000" into a token count. Suffixes are
 * decimal (k = 1,000), as model context windows are advertised.
 */
export function parseTokenCount(text: string | number): number {
  if (typeof text === "number") {
    charsForTokens(text);
    return Math.round(text);
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)\s*$/i.exec(text.replace(/[_,]/g, ""));
  if (!match) throw new RangeError(`Not a token count: "${text}" (try "8k", "1m" or "128000")`);
  const tokens = Math.round(Number(match[1]) * SUFFIXES[match[2]!.toLowerCase()]!);
  if (tokens <= 0) throw new RangeError(`Token count must be positive: "${text}"`);
  return tokens;
}
