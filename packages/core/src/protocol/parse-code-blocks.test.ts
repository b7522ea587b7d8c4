import { describe, expect, it } from "vitest";
import { parseCodeBlocks } from "./parse-code-blocks.js";

describe("parseCodeBlocks", () => {
  it("finds every JavaScript fence kind, in order", () => {
    const reply = [
      "text",
      "```repl\na()\n```",
      "```js\nb()\n```",
      "```javascript\nc()\n```",
      "```ts\nconst d: number = 1\n```",
      "```typescript\ne()\n```",
    ].join("\n");
    const parsed = parseCodeBlocks(reply, "javascript");
    expect(parsed.blocks.map((block) => [block.tag, block.code, block.typescript])).toEqual([
      ["repl", "a()", false],
      ["js", "b()", false],
      ["javascript", "c()", false],
      ["ts", "const d: number = 1", true],
      ["typescript", "e()", true],
    ]);
    expect(parsed.prose).toBe("text");
    expect(parsed.unterminated).toBe(false);
  });

  it("runs python fences only in a Python sandbox and reports the others", () => {
    const reply = "```python\nx = 1\n```\n```js\ny()\n```\n```\nplain\n```";
    expect(parseCodeBlocks(reply, "python").blocks.map((block) => block.code)).toEqual(["x = 1"]);
    const javascript = parseCodeBlocks(reply, "javascript");
    expect(javascript.blocks.map((block) => block.code)).toEqual(["y()"]);
    expect(javascript.skippedTags).toEqual(["python", "(no tag)"]);
  });

  it("flags an unterminated fence and does not run it", () => {
    const parsed = parseCodeBlocks("Here:\n```repl\nwhile (true) {", "javascript");
    expect(parsed.blocks).toEqual([]);
    expect(parsed.unterminated).toBe(true);
  });

  it("keeps a shorter fence nested inside a longer one as code", () => {
    const reply = "````repl\nconst md = `\n```js\ninner\n```\n`\n````";
    const parsed = parseCodeBlocks(reply, "javascript");
    expect(parsed.blocks).toHaveLength(1);
    expect(parsed.blocks[0]?.code).toContain("```js\ninner\n```");
  });

  it("accepts tilde fences and tags in any case", () => {
    const parsed = parseCodeBlocks("~~~REPL\nx\n~~~", "javascript");
    expect(parsed.blocks.map((block) => block.code)).toEqual(["x"]);
  });

  it("reads a line of inline triple-backtick code as prose, not as a fence", () => {
    const reply = "```FINAL(x)``` is how I will finish.\n```repl\nx = 1\n```\nDone.";
    const parsed = parseCodeBlocks(reply, "javascript");
    expect(parsed.blocks.map((block) => block.code)).toEqual(["x = 1"]);
    expect(parsed.unterminated).toBe(false);
    expect(parsed.prose).toBe("```FINAL(x)``` is how I will finish.\nDone.");
  });

  it("handles empty and huge replies", () => {
    expect(parseCodeBlocks("", "javascript")).toMatchObject({ blocks: [], prose: "" });
    const huge = `${"a".repeat(1_000_000)}\n\`\`\`repl\n1\n\`\`\``;
    expect(parseCodeBlocks(huge, "javascript").blocks).toHaveLength(1);
  });
});
