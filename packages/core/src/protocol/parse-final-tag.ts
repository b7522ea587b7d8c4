export type FinalTag = { kind: "value"; text: string } | { kind: "variable"; name: string };

const TAG = /(?<![\w$])(FINAL_VAR|FINAL)\s*\(/;

/**
 * Finds the first `FINAL(answer)` or `FINAL_VAR(name)` in the prose of a reply (the text
 * outside code fences). The answer runs to the matching parenthesis; when parentheses in
 * the answer do not balance, to the last `)` of the prose.
 */
export function parseFinalTag(prose: string): FinalTag | undefined {
  const match = TAG.exec(prose);
  if (!match) return undefined;
  const start = match.index + match[0].length;
  const end = matchingParenthesis(prose, start) ?? prose.lastIndexOf(")");
  const inner = (end >= start ? prose.slice(start, end) : prose.slice(start)).trim();
  if (match[1] === "FINAL_VAR") {
    const name = unquote(inner);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? { kind: "variable", name } : undefined;
  }
  return { kind: "value", text: unquote(inner) };
}

function matchingParenthesis(text: string, from: number): number | undefined {
  let depth = 1;
  for (let index = from; index < text.length; index++) {
    const character = text[index];
    if (character === "(") depth++;
    else if (character === ")" && --depth === 0) return index;
  }
  return undefined;
}

function unquote(text: string): string {
  const first = text[0];
  if (
    text.length >= 2 &&
    (first === '"' || first === "'" || first === "`") &&
    text.endsWith(first)
  ) {
    if (first === '"') {
      try {
        return JSON.parse(text) as string;
      } catch {
        // Not valid JSON string syntax: fall through and strip the quotes as they are.
      }
    }
    return text.slice(1, -1);
  }
  return text;
}
