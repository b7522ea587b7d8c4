import { describe, expect, it } from "vitest";
import { parseCodeBlocks } from "./parse-code-blocks.js";
import { type FinalTag, parseFinalTag } from "./parse-final-tag.js";

const FENCE = "```";

/** The tag a whole reply yields: fenced blocks are removed first, as the loop does. */
function tagOf(reply: string): FinalTag | undefined {
  return parseFinalTag(parseCodeBlocks(reply, "javascript").prose);
}

const value = (text: string): FinalTag => ({ kind: "value", text });
const variable = (name: string): FinalTag => ({ kind: "variable", name });

// Each row is a reply as a model writes it, and the tag that counts in it (or none).
const ROWS: [description: string, reply: string, expected: FinalTag | undefined][] = [
  // Start of a line vs. mid-sentence
  ["a bare tag", "FINAL(42)", value("42")],
  ["a tag after a line of prose", "I counted them.\nFINAL(42)", value("42")],
  ["leading spaces", "Done:\n   FINAL(42)", value("42")],
  ["a leading tab", "\tFINAL(42)", value("42")],
  ["a full stop after the tag", "FINAL(Paris).", value("Paris")],
  ["a space before the parenthesis", "FINAL (Paris)", value("Paris")],
  ["prose after the tag on its line", "FINAL(x) once x is computed.", undefined],
  ["mid-sentence", "I know it. FINAL(forty two)", undefined],
  [
    "a numbered plan step",
    "Plan:\n1. Read the context.\n2. Count the labels.\n3. Check doubtful rows.\nStep 4: Submit FINAL('D').",
    undefined,
  ],
  [
    "a plan mentioning an empty FINAL()",
    "STEP 4: Submit using FINAL() with the required phrasing.",
    undefined,
  ],
  ["a list item", "- FINAL(42)", undefined],
  ["a block quote", "> FINAL(42)", undefined],
  ["bold markdown", "**FINAL(42)**", undefined],
  ["a heading", "## FINAL(42)", undefined],
  ["inline code at the start of a line", "`FINAL(42)` is how I will finish.", undefined],
  ["inline code mid-sentence", "When done I will call `FINAL(answer)`.", undefined],
  ["a comment in prose", "// FINAL(42)", undefined],
  ["a Python comment in prose", "# FINAL(42)", undefined],
  // Unicode and look-alikes
  ["a Cyrillic letter glued to the tag", "яFINAL(x)", undefined],
  ["an ASCII prefix", "myFINAL(x)", undefined],
  ["MY_FINAL", "MY_FINAL(x)", undefined],
  ["a zero-width space before the tag", "\u200bFINAL(x)", undefined],
  ["a zero-width joiner inside the tag", "FINAL\u200d(x)", undefined],
  ["a byte-order mark before the tag", "\ufeffFINAL(x)", undefined],
  ["lower case", "final(x)", undefined],
  ["Unicode in the answer", "FINAL(Zürich — 東京)", value("Zürich — 東京")],
  // Fences
  [`inside a ${FENCE}repl block`, `${FENCE}repl\nFINAL(42)\n${FENCE}`, undefined],
  ["inside a ~~~ block", "~~~\nFINAL(42)\n~~~", undefined],
  [
    "inside a block with an info string",
    `${FENCE}text title="plan"\nFINAL(42)\n${FENCE}`,
    undefined,
  ],
  ["inside a python block", `${FENCE}python\nFINAL_VAR("answer")\n${FENCE}`, undefined],
  ["inside an unclosed fence", `Let me finish.\n${FENCE}\nFINAL(42)`, undefined],
  ["after a closed block", `${FENCE}repl\nconst total = 7 * 6\n${FENCE}\nFINAL(42)`, value("42")],
  [
    "in a four-backtick fence holding a three-backtick one",
    `\`\`\`\`markdown\n${FENCE}\nx\n${FENCE}\nFINAL(42)\n\`\`\`\``,
    undefined,
  ],
  // Empty arguments
  ["empty", "FINAL()", undefined],
  ["blank", "FINAL(   )", undefined],
  ["empty quotes", 'FINAL("")', undefined],
  ["FINAL_VAR empty", "FINAL_VAR()", undefined],
  // Quotes
  ["double quotes stripped", 'FINAL("Blue")', value("Blue")],
  ["single quotes stripped", "FINAL('D')", value("D")],
  ["backticks stripped", "FINAL(`D`)", value("D")],
  ["escapes in double quotes", 'FINAL("a \\"quoted\\" answer")', value('a "quoted" answer')],
  ["a parenthesis inside quotes", 'FINAL("a (b")', value("a (b")],
  ["unmatched quotes kept", "FINAL('It's 42)", value("'It's 42")],
  ["Python triple quotes", 'FINAL("""line one\nline two""")', value("line one\nline two")],
  // Parentheses and lines
  ["nested parentheses", "FINAL(42 (approximately))", value("42 (approximately)")],
  ["a call-like answer", "FINAL(f(g(x)) = 3)", value("f(g(x)) = 3")],
  ["an unbalanced smiley", "FINAL(a :( b)", value("a :( b")],
  [
    "a multi-line answer",
    "FINAL(The three causes:\n1. heat\n2. wind\n3. drought)",
    value("The three causes:\n1. heat\n2. wind\n3. drought"),
  ],
  ["no closing parenthesis (a reply cut short)", "FINAL(the answer is", undefined],
  ["CRLF line endings", "Found it.\r\nFINAL(42)\r\n", value("42")],
  // FINAL_VAR
  ["FINAL_VAR bare name", "FINAL_VAR(result)", variable("result")],
  ["FINAL_VAR double-quoted", 'FINAL_VAR("result")', variable("result")],
  ["FINAL_VAR single-quoted", "FINAL_VAR('result')", variable("result")],
  ["FINAL_VAR with spaces", "FINAL_VAR( result )", variable("result")],
  ["FINAL_VAR with a Unicode name", "FINAL_VAR(résumé)", variable("résumé")],
  ["FINAL_VAR not a name", "FINAL_VAR(not a name)", undefined],
  ["FINAL_VAR mid-sentence", "Then I return it with FINAL_VAR(answer).", undefined],
  // Several tags
  ["the first of two tags", "FINAL_VAR(a)\nFINAL(b)", variable("a")],
  ["an empty tag, then a real one", "FINAL()\nFINAL(b)", value("b")],
  ["a mention, then a real tag", "I will use FINAL(x) at the end.\nFINAL(y)", value("y")],
  [
    "a plan around code, then the answer",
    `Step 1: count.\n${FENCE}repl\nconst n = context.length\nFINAL(n)\n${FENCE}\nStep 2: submit with FINAL(n).\nFINAL(3)`,
    value("3"),
  ],
];

describe("parseFinalTag", () => {
  it.each(ROWS)("%s", (_description, reply, expected) => {
    expect(tagOf(reply)).toEqual(expected);
  });

  it("gives up on a reply made of unclosed tags instead of scanning it once per line", () => {
    // Each of 150,000 candidates would scan the rest of the megabyte for its ")".
    expect(parseFinalTag("FINAL(\n".repeat(150_000))).toBeUndefined();
    expect(parseFinalTag(`${"FINAL()\n".repeat(10)}FINAL(ok)`)).toEqual(value("ok"));
  });
});
