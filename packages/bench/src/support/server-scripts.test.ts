import { describe, expect, it } from "vitest";
import { scripts } from "./server-scripts.mjs";

/** A request body holding the replies so far, as a root model's conversation would. */
function bodyAfter(replies: string[]): string {
  return JSON.stringify({ input: replies.map((content) => ({ role: "assistant", content })) });
}

function script(name: string, params: Record<string, unknown>) {
  const build = scripts[name];
  if (!build) throw new Error(`no script ${name}`);
  return build(params);
}

describe("the scripted servers' scripts", () => {
  it("loop-root counts its turns from the request and answers on the last", () => {
    const reply = script("loop-root", { iterations: 3 });
    const replies: string[] = [];
    for (let turn = 1; turn <= 3; turn++) replies.push(reply(bodyAfter(replies)).text);
    expect(replies[0]).toContain("// bench turn 1");
    expect(replies[1]).toContain("const v2 = context.length + 2;");
    expect(replies[2]).toContain('FINAL("done after " + v2)');
    expect(replies.filter((text) => text.includes("FINAL"))).toHaveLength(1);
  });

  it("batched-root spreads exactly `calls` prompts over its turns", () => {
    const reply = script("batched-root", { iterations: 30, calls: 1_000 });
    const replies: string[] = [];
    for (let turn = 1; turn <= 30; turn++) replies.push(reply(bodyAfter(replies)).text);
    const sizes = replies.map((text) => Number(/length: (\d+)/.exec(text)?.[1]));
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(1_000);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(replies.at(-1)).toContain("FINAL(");
  });

  it("fan-out-root sends every prompt in its first turn and answers in its second", () => {
    const reply = script("fan-out-root", { calls: 1_000 });
    const first = reply(bodyAfter([])).text;
    expect(first).toContain("length: 1000");
    expect(first).toContain("llm_query_batched(prompts)");
    expect(first).not.toContain("FINAL(");
    expect(reply(bodyAfter([first])).text).toContain("FINAL(String(answered))");
  });

  it("sub-summary names the part it was asked about, after the latency", () => {
    expect(script("sub-summary", { latencyMs: 100 })('"Summarise part 42: lorem"')).toEqual({
      text: "summary of part 42",
      delayMs: 100,
    });
    const staggered = script("sub-summary-staggered", { latencyMs: 100, stepMs: 2 });
    expect(staggered('"Summarise part 49: data"').delayMs).toBe(198);
  });

  it("recursion scripts start the listed children, each asking about its own part", () => {
    const reply = script("recursion-root", { children: [3, 49] });
    const root = reply(bodyAfter([])).text;
    expect(root).toContain("[3,49]");
    expect(root).toContain("rlm_query_batched");
    expect(root).not.toContain("FINAL(");
    expect(reply(bodyAfter([root])).text).toContain('FINAL(answers.join(","))');
    const child = script("recursion-child", { latencyMs: 100 })('"Handle child 49"');
    expect(child.text).toContain('llm_query("Summarise part 49: " + context)');
    expect(child.delayMs).toBe(100);
  });
});
