import { describe, expect, it } from "vitest";
import { createRLM, type Sandbox, SandboxError } from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { lastUserMessage, repl } from "./fixtures.js";

function run(replies: string[], options: { maxIterations?: number; context?: string } = {}) {
  const model = scriptedModel({ replies });
  const rlm = createRLM({
    model,
    sandbox: vmSandbox(),
    ...(options.maxIterations ? { maxIterations: options.maxIterations } : {}),
  });
  return { model, result: rlm.complete({ context: options.context ?? "abc", query: "q" }) };
}

describe("finishing a run", () => {
  it("FINAL(value) from code ends the loop after the cell; later blocks do not run", async () => {
    const { model, result } = run([
      `${repl("globalThis.ran = []\nFINAL('first')\nFINAL('second')\nran.push(1)")}\n${repl("ran.push(2)")}`,
    ]);
    const done = await result;
    expect(done.answer).toBe("first");
    expect(model.calls).toHaveLength(1);
    const cells = done.trajectory.filter((event) => event.type === "cell-start");
    expect(cells).toHaveLength(1);
  });

  it("JSON-encodes a non-string FINAL value when there is no schema", async () => {
    const { result } = run([repl("FINAL({ count: 3, items: ['a'] })")]);
    expect((await result).answer).toBe('{"count":3,"items":["a"]}');
  });

  it("FINAL_VAR(name) from code returns the variable, built across cells", async () => {
    const { result } = run([
      repl("const parts = []\nparts.push('x'.repeat(3))"),
      repl("parts.push('y')\nconst answer = parts.join('-')\nFINAL_VAR('answer')"),
    ]);
    expect((await result).answer).toBe("xxx-y");
  });

  it("accepts text tags outside code: FINAL(...) and FINAL_VAR(...)", async () => {
    expect((await run(["I know it.\nFINAL(forty two)"]).result).answer).toBe("forty two");
    const { result } = run([repl("const total = 7 * 6"), "FINAL_VAR(total)"]);
    expect((await result).answer).toBe("42");
  });

  it("refuses a text tag written beside a cell that failed, and shows the model the error", async () => {
    const { model, result } = run([
      `${repl("context.missing.length")}\nFINAL(guessed)`,
      "FINAL(after the fix)",
    ]);
    const done = await result;
    expect(done.answer).toBe("after the fix");
    expect(model.calls).toHaveLength(2);
    const feedback = lastUserMessage(model.calls[1]!);
    expect(feedback).toContain("TypeError");
    expect(feedback).toContain("The FINAL in your reply's text was not accepted");
  });

  it("says nothing about a text FINAL beside a failed cell when the mention would not have counted", async () => {
    const { model, result } = run([
      `${repl("context.missing.length")}\nThen I'll reply with FINAL(guessed).`,
      "FINAL(after the fix)",
    ]);
    expect((await result).answer).toBe("after the fix");
    const feedback = lastUserMessage(model.calls[1]!);
    expect(feedback).toContain("TypeError");
    expect(feedback).not.toContain("FINAL in your reply's text");
  });

  it("goes on past replies that mention FINAL while planning, to the step that really finishes", async () => {
    const { model, result } = run([
      [
        "Plan:",
        "1. Look at the context's size.",
        "2. Count the vowels with code.",
        "3. Double-check the count.",
        "Step 4: Submit FINAL('D').",
        repl("console.log(context.length)"),
      ].join("\n"),
      [
        "STEP 2: count, then submit using FINAL() with the required phrasing.",
        repl("const vowels = [...context].filter((c) => 'aeiou'.includes(c)).length\nvowels"),
      ].join("\n"),
      [
        "The count looks right. When I am sure I will write `FINAL(vowels)`.",
        repl("const checked = context.replace(/[^aeiou]/g, '').length === vowels\nchecked"),
      ].join("\n"),
      "Verified.\nFINAL_VAR(vowels)",
    ]);
    const done = await result;
    expect(done.answer).toBe("1");
    expect(model.calls).toHaveLength(4);
    expect(done.iterations).toBe(4);
    expect(lastUserMessage(model.calls[3])).toContain("true");
  });

  it("ignores a text tag when code in the same reply called FINAL", async () => {
    const { result } = run([`${repl("FINAL('from code')")}\nFINAL(from text)`]);
    expect((await result).answer).toBe("from code");
  });

  it("does not count FINAL printed in cell output or written inside code", async () => {
    const { model, result } = run([
      repl("console.log('FINAL(fake)')\nconst s = 'FINAL(also fake)'"),
      "FINAL(real)",
    ]);
    expect((await result).answer).toBe("real");
    expect(model.calls).toHaveLength(2);
  });

  it("reports a FINAL_VAR text tag naming no variable and goes on", async () => {
    const { model, result } = run(["FINAL_VAR(missing)", "FINAL(ok)"]);
    expect((await result).answer).toBe("ok");
    expect(lastUserMessage(model.calls[1])).toContain(
      'FINAL_VAR("missing") failed: no such variable',
    );
  });

  it("reports why a FINAL_VAR text tag's variable cannot be read, and goes on", async () => {
    const base = vmSandbox();
    const reason = 'The variable "big" could not be read: it has 68,000,000 characters.';
    const sandbox: Sandbox = {
      language: base.language,
      createSession: async (options) => ({
        ...(await base.createSession(options)),
        readVariable: async () => {
          throw new SandboxError({ message: reason });
        },
      }),
    };
    const model = scriptedModel({ replies: ["FINAL_VAR(big)", "FINAL(ok)"] });
    const result = await createRLM({ model, sandbox }).complete({ context: "abc", query: "q" });
    expect(result.answer).toBe("ok");
    expect(lastUserMessage(model.calls[1])).toContain(`FINAL_VAR("big") failed: ${reason}`);
  });

  it("asks for a final answer once the iterations run out; a FINAL_VAR variable wins", async () => {
    const { model, result } = run(
      [repl("const best = 'built in the REPL'"), repl("1 + 1"), "FINAL_VAR(best)"],
      { maxIterations: 2 },
    );
    const done = await result;
    expect(done.answer).toBe("built in the REPL");
    expect(done.iterations).toBe(2);
    expect(lastUserMessage(model.calls[2])).toContain("You have used all your turns");
  });

  it("uses the prose of the forced reply when it has no tag", async () => {
    const { result } = run([repl("1"), "The answer is probably 12."], { maxIterations: 1 });
    expect((await result).answer).toBe("The answer is probably 12.");
  });
});

describe("cells and feedback", () => {
  it("runs every block of a reply in order and shows each one's output", async () => {
    const { model, result } = run([
      `${repl("globalThis.order = ['a']; console.log('one')")}\ntext\n${repl("order.push('b'); order.join()")}`,
      repl("FINAL(order.join())"),
    ]);
    expect((await result).answer).toBe("a,b");
    const feedback = lastUserMessage(model.calls[1]);
    expect(feedback).toMatch(/Cell 1 of 2 output:\none[\s\S]*Cell 2 of 2 output:\n'a,b'/);
  });

  it("strips TypeScript types from ts blocks", async () => {
    const { result } = run([
      "```ts\ninterface Row { n: number }\nconst rows: Row[] = [{ n: 2 }]\nFINAL(String(rows[0]!.n * 21))\n```",
    ]);
    expect((await result).answer).toBe("42");
  });

  it("shows errors to the model and keeps state", async () => {
    const { model, result } = run([
      repl("const kept = 5\nundefinedFunction()"),
      repl("FINAL(String(kept))"),
    ]);
    expect((await result).answer).toBe("5");
    expect(lastUserMessage(model.calls[1])).toContain(
      "ReferenceError: undefinedFunction is not defined",
    );
  });

  it("truncates long output to head and tail with a marker", async () => {
    const model = scriptedModel({
      replies: [repl("console.log('HEAD' + 'x'.repeat(50000) + 'TAIL')"), "FINAL(done)"],
    });
    const rlm = createRLM({ model, sandbox: vmSandbox(), maxOutputChars: 1000 });
    await rlm.complete({ context: "c", query: "q" });
    const feedback = lastUserMessage(model.calls[1]);
    expect(feedback).toContain("HEAD");
    expect(feedback).toContain("TAIL");
    expect(feedback).toMatch(/\[\.\.\. [\d,]+ characters omitted \.\.\.\]/);
    expect(feedback.length).toBeLessThan(1500);
  });

  it("never puts the context into a prompt: the model sees metadata only", async () => {
    const context = `${"lorem ipsum ".repeat(50_000)}NEEDLE-4242`;
    const { model, result } = run([repl("context.length"), "FINAL(x)"], { context });
    await result;
    for (const call of model.calls) {
      for (const message of call.messages) expect(message.content).not.toContain("NEEDLE-4242");
    }
    const first = lastUserMessage(model.calls[0]);
    expect(first).toContain(`a string of ${context.length.toLocaleString("en-US")} characters`);
    expect(first).toContain("Query: q");
  });
});

describe("malformed model output", () => {
  it("answers a reply with no code, an empty reply and an unterminated fence with guidance", async () => {
    const { model, result } = run([
      "I will think about it.",
      "",
      "```repl\nwhile (true) {",
      "FINAL(done)",
    ]);
    expect((await result).answer).toBe("done");
    expect(lastUserMessage(model.calls[1])).toContain("no code block");
    expect(lastUserMessage(model.calls[2])).toContain("no code block");
    expect(lastUserMessage(model.calls[3])).toContain("unclosed code fence");
  });

  it("survives a 1 MB reply", async () => {
    const huge = `${"word ".repeat(200_000)}\n${repl("const big = 1")}`;
    const { result } = run([huge, "FINAL(survived)"]);
    expect((await result).answer).toBe("survived");
  });

  it("reports blocks in other languages as not run", async () => {
    const { model, result } = run(["```python\nprint(1)\n```", "FINAL(ok)"]);
    await result;
    expect(lastUserMessage(model.calls[1])).toContain('Blocks tagged "python" were not run');
  });
});
