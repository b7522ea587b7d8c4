export type FinalTag = { kind: "value"; text: string } | { kind: "variable"; name: string };

/**
 * A tag starts a line: only spaces and tabs may come before it. Real models mention
 * `FINAL(...)` mid-sentence while planning ("Step 4: Submit FINAL('D')."), and a letter or
 * an invisible character glued to the tag is not a call either.
 */
const TAG = /(?<=^|\n)[ \t]*(FINAL_VAR|FINAL)[ \t]*\(/g;

/** After the closing parenthesis the line may hold only a full stop or a semicolon. */
const LINE_END = /^[ \t]*[.;]?[ \t]*\r?(?:\n|$)/;

const IDENTIFIER = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

/**
 * Line-start tags looked at, at most. Each may scan the rest of the reply for its closing
 * parenthesis, so a megabyte of `FINAL(` lines would otherwise take quadratic time; a real
 * reply has a handful.
 */
const MAX_CANDIDATES = 16;

/**
 * Finds the first text tag that counts in the prose of a reply (the text outside code
 * fences): `FINAL(answer)` or `FINAL_VAR(name)` at the start of a line, with a non-empty
 * argument, closed on its own line (the argument itself may span lines). A quoted answer
 * loses its quotes; `FINAL_VAR` takes a name with or without quotes. The rules, with
 * examples, are in the package README.
 */
export function parseFinalTag(prose: string): FinalTag | undefined {
  let candidates = 0;
  for (const match of prose.matchAll(TAG)) {
    if (++candidates > MAX_CANDIDATES) return undefined;
    const tag = readTag(prose, {
      kind: match[1] === "FINAL_VAR" ? "variable" : "value",
      start: match.index + match[0].length,
    });
    if (tag) return tag;
  }
  return undefined;
}

function readTag(
  prose: string,
  options: { kind: FinalTag["kind"]; start: number },
): FinalTag | undefined {
  const { kind, start } = options;
  const end = closingParenthesis(prose, start);
  if (end === undefined || !LINE_END.test(prose.slice(end + 1))) return undefined;
  const argument = unquote(prose.slice(start, end).trim());
  if (kind === "variable") {
    const name = argument.trim();
    return IDENTIFIER.test(name) ? { kind, name } : undefined;
  }
  return argument.trim() ? { kind, text: argument } : undefined;
}

/**
 * The index of the `)` that closes the argument starting at `from`: after a quoted string
 * when the argument is one (parentheses inside quotes do not count), else the matching
 * parenthesis, else (unbalanced, e.g. a smiley) the last `)` of the line or, failing that,
 * of the prose. No `)` at all is a reply cut short: no tag.
 */
function closingParenthesis(text: string, from: number): number | undefined {
  const afterString = endOfQuotedString(text, from);
  if (afterString !== undefined) {
    const close = /^\s*\)/.exec(text.slice(afterString));
    if (close) return afterString + close[0].length - 1;
  }
  let depth = 1;
  for (let index = from; index < text.length; index++) {
    const character = text[index];
    if (character === "(") depth++;
    else if (character === ")" && --depth === 0) return index;
  }
  const lineEnd = text.indexOf("\n", from);
  const onLine = text.lastIndexOf(")", lineEnd === -1 ? text.length : lineEnd);
  if (onLine >= from) return onLine;
  const last = text.lastIndexOf(")");
  return last >= from ? last : undefined;
}

/** When the text at `from` (after blanks) is a quoted string, the index just past it. */
function endOfQuotedString(text: string, from: number): number | undefined {
  const open = /^\s*("""|'''|["'`])/.exec(text.slice(from));
  if (!open) return undefined;
  const quote = open[1] as string;
  for (let index = from + open[0].length; index < text.length; index++) {
    if (text[index] === "\\") index++;
    else if (text.startsWith(quote, index)) return index + quote.length;
  }
  return undefined;
}

function unquote(text: string): string {
  for (const quote of ['"""', "'''"]) {
    if (text.length >= 6 && text.startsWith(quote) && text.endsWith(quote)) {
      return text.slice(3, -3);
    }
  }
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
