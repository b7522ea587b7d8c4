import type { SandboxLanguage } from "../sandbox/sandbox.js";

export interface CodeBlock {
  /** The fence's tag as written (`repl`, `js`, `ts`, `python`, ...). */
  tag: string;
  code: string;
  /** True when the code is TypeScript and needs its types stripped. */
  typescript: boolean;
}

export interface ParsedReply {
  blocks: CodeBlock[];
  /** The reply with every fenced block removed: where text tags like `FINAL(...)` count. */
  prose: string;
  /** A fence was opened and never closed (typically a reply cut at its token limit). */
  unterminated: boolean;
  /** Fenced blocks in another language that were not run. */
  skippedTags: string[];
}

const RUNNABLE_TAGS: Record<SandboxLanguage, Record<string, boolean>> = {
  javascript: { repl: false, js: false, javascript: false, ts: true, typescript: true },
  python: { repl: false, python: false, py: false },
};

/**
 * A fence line: backticks or tildes, then an info string whose first word is the tag. As in
 * CommonMark, a backtick fence's info string holds no backtick, so a line such as
 * ```` ```x``` ```` is inline code, not a fence that would swallow the rest of the reply.
 */
const FENCE = /^[ \t]*(?:(`{3,})[ \t]*([\w+-]*)[^`\n]*|(~{3,})[ \t]*([\w+-]*)[^\n]*)$/;

/**
 * Finds the fenced code blocks of a model reply, in order. Only fences whose tag suits the
 * sandbox's language run; a fence opened with N backticks closes with at least N of the
 * same character, so fences nested inside a longer fence stay part of its code.
 */
export function parseCodeBlocks(reply: string, language: SandboxLanguage): ParsedReply {
  const runnable = RUNNABLE_TAGS[language];
  const lines = reply.split("\n");
  const blocks: CodeBlock[] = [];
  const prose: string[] = [];
  const skippedTags: string[] = [];
  let open: { fence: string; tag: string; lines: string[] } | undefined;

  for (const line of lines) {
    if (open) {
      const trimmed = line.trim();
      const closes =
        trimmed.length >= open.fence.length &&
        trimmed === (open.fence[0] as string).repeat(trimmed.length);
      if (!closes) {
        open.lines.push(line);
        continue;
      }
      const tag = open.tag.toLowerCase();
      const typescript = runnable[tag];
      if (typescript !== undefined) {
        blocks.push({ tag, code: open.lines.join("\n"), typescript });
      } else {
        skippedTags.push(tag || "(no tag)");
      }
      open = undefined;
      continue;
    }
    const match = FENCE.exec(line);
    if (match) {
      open = {
        fence: (match[1] ?? match[3]) as string,
        tag: match[2] ?? match[4] ?? "",
        lines: [],
      };
    } else {
      prose.push(line);
    }
  }
  return { blocks, prose: prose.join("\n"), unterminated: open !== undefined, skippedTags };
}
