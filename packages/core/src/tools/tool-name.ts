import type { SandboxLanguage } from "../sandbox/sandbox.js";

/** What every REPL defines itself; `context_1`, `context_2`, ... are matched apart. */
const REPL_NAMES = new Set([
  "context",
  "query",
  "llm_query",
  "llm_query_batched",
  "rlm_query",
  "rlm_query_batched",
  "budget",
  "FINAL",
  "FINAL_VAR",
  "SHOW_VARS",
  "print",
  "console",
]);
const ADDED_CONTEXT = /^context_\d+$/;

/**
 * Names code cannot call a function by in a JavaScript cell: reserved words, strict mode's
 * `eval` and `arguments`, and global values a realm cannot give up (`undefined`, ...).
 */
const JAVASCRIPT_RESERVED = new Set([
  ...["await", "break", "case", "catch", "class", "const", "continue", "debugger", "default"],
  ...["delete", "do", "else", "enum", "export", "extends", "false", "finally", "for"],
  ...["function", "if", "implements", "import", "in", "instanceof", "interface", "let", "new"],
  ...["null", "package", "private", "protected", "public", "return", "static", "super"],
  ...["switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with"],
  ...["yield", "eval", "arguments", "undefined", "NaN", "Infinity", "globalThis"],
]);
/** The timers and web helpers the JavaScript REPLs define. */
const JAVASCRIPT_REPL_NAMES = new Set([
  ...["setTimeout", "setInterval", "clearTimeout", "clearInterval", "queueMicrotask"],
  ...["TextEncoder", "TextDecoder", "URL", "URLSearchParams", "atob", "btoa", "structuredClone"],
]);

/** Python's keywords: none can name a function. */
const PYTHON_KEYWORDS = new Set([
  ...["False", "None", "True", "and", "as", "assert", "async", "await", "break", "class"],
  ...["continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global"],
  ...["if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return"],
  ...["try", "while", "with", "yield"],
]);

const IDENTIFIER: Record<SandboxLanguage, RegExp> = {
  javascript: /^[A-Za-z_$][\w$]*$/,
  python: /^[A-Za-z_]\w*$/,
};
const LANGUAGE_NAME: Record<SandboxLanguage, string> = {
  javascript: "JavaScript",
  python: "Python",
};

/**
 * Why code in a `language` REPL cannot call a tool by `name` (every language when none is
 * given), in words that follow the quoted name; `undefined` when it can.
 */
export function toolNameProblem(name: string, language?: SandboxLanguage): string | undefined {
  if (REPL_NAMES.has(name) || ADDED_CONTEXT.test(name)) {
    return `is the REPL's own \`${name}\``;
  }
  for (const each of language ? [language] : (["javascript", "python"] as const)) {
    if (!IDENTIFIER[each].test(name)) {
      return `is not a valid identifier in ${LANGUAGE_NAME[each]}; use letters, digits and "_"`;
    }
    if (each === "python" ? PYTHON_KEYWORDS.has(name) : JAVASCRIPT_RESERVED.has(name)) {
      return `is reserved in ${LANGUAGE_NAME[each]}`;
    }
    if (each === "javascript" && JAVASCRIPT_REPL_NAMES.has(name)) {
      return `is the JavaScript REPL's own \`${name}\``;
    }
  }
  return undefined;
}

/**
 * A name code can call a tool by in both the JavaScript and the Python REPL: every character
 * other than a letter, digit or `_` becomes `_` (`get-weather` and `get.weather` are
 * `get_weather`), a leading digit gets a `_` in front, and a name the REPL or the language
 * keeps for itself gets one behind (`import_`, `query_`).
 *
 * @example
 * ```ts
 * import { toolIdentifier } from "@rlm/core";
 *
 * toolIdentifier("get-weather"); // "get_weather"
 * toolIdentifier("query"); // "query_"
 * ```
 */
export function toolIdentifier(name: string): string {
  const identifier = name.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(?=\d)|^$/, "_");
  return toolNameProblem(identifier) === undefined ? identifier : `${identifier}_`;
}
